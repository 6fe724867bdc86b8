bench --rules rules/kosovo tests/cli/data/good.json
