eval --rules rules/kosovo tests/cli/data/group-not-object.json
