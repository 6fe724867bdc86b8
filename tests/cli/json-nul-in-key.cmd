eval --rules rules/kosovo --compact tests/cli/data/json/nul-in-key.json
