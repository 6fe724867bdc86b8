eval --rules rules/kosovo tests/cli/data/wrong-type.json
