eval --rules rules/kosovo tests/cli/data/not-an-object.json
