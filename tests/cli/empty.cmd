eval --rules rules/kosovo tests/cli/data/empty.json
