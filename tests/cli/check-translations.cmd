check tests/cli/data/i18n/policy.rr
