explain --rules tests/cli/data/i18n/policy.rr --quote tests/cli/data/i18n tests/cli/data/i18n/agriculture.json
