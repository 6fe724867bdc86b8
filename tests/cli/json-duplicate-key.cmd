eval --rules rules/kosovo --compact tests/cli/data/json/duplicate-key.json
