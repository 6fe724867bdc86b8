eval --rules rules/kosovo --compact tests/cli/data/good.json tests/cli/data/wrong-type.json tests/cli/data/good.json
