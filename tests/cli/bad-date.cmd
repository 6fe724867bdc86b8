eval --rules rules/kosovo tests/cli/data/bad-date.json
