eval --rules tests/cli/data tests/cli/data/good.json
