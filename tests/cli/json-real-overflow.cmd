eval --rules rules/kosovo --compact tests/cli/data/json/real-overflow.json
