explain --rules tests/cli/data/i18n/policy.rr --lang fr tests/cli/data/i18n/agriculture.json
