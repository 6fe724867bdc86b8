eval --rules rules/kosovo tests/cli/data/as-of-without-offset.json
