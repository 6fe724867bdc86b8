eval --rules rules/kosovo tests/cli/data/unknown-enum-value.json
