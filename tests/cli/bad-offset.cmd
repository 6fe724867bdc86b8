eval --rules rules/kosovo tests/cli/data/bad-offset.json
