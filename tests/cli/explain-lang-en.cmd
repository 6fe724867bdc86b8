explain --rules tests/cli/data/i18n/policy.rr --lang en tests/cli/data/i18n/agriculture.json
