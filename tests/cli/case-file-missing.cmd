eval --rules rules/kosovo tests/cli/data/does-not-exist.json
