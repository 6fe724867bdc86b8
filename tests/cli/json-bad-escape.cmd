eval --rules rules/kosovo --compact tests/cli/data/json/bad-escape.json
