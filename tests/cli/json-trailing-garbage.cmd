eval --rules rules/kosovo --compact tests/cli/data/json/trailing-garbage.json
