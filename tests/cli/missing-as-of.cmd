eval --rules rules/kosovo tests/cli/data/missing-as-of.json
