eval --rules rules/kosovo tests/cli/data/unknown-fact.json
