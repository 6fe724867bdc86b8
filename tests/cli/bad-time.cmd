eval --rules rules/kosovo tests/cli/data/bad-time.json
