eval --rules rules/kosovo --compact tests/cli/data/json/lone-surrogate.json
