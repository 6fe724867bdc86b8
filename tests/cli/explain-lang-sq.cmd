explain --rules tests/cli/data/i18n/policy.rr --lang sq tests/cli/data/i18n/agriculture.json
