eval tests/cli/data/good.json
