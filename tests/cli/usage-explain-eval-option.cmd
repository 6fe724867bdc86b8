explain --pretty --rules rules/kosovo tests/cli/data/good.json
