eval --rules rules/kosovo --compact tests/cli/data/json/list-without-comma.json
