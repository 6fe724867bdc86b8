explain --rules tests/cli/data/i18n/policy.rr --lang sr-Cyrl tests/cli/data/i18n/agriculture.json
