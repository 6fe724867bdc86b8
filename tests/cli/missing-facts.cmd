eval --rules rules/kosovo tests/cli/data/missing-facts.json
