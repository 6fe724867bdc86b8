eval tests/cli/data/good.json --rules
