eval --rules rules/kosovo --compact tests/cli/data/json/column-in-characters.json
