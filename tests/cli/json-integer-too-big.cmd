eval --rules rules/kosovo --compact tests/cli/data/json/integer-too-big.json
