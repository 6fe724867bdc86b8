eval --rules rules/kosovo tests/cli/data/malformed.json
