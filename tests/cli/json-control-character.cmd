eval --rules rules/kosovo --compact tests/cli/data/json/control-character.json
