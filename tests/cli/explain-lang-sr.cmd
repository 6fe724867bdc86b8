explain --rules tests/cli/data/i18n/policy.rr --lang sr tests/cli/data/i18n/agriculture.json
