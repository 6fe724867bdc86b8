eval --rules rules/kosovo --compact tests/cli/data/json/overlong-utf8.json
