eval --rules rules/kosovo --compact tests/cli/data/json/eof-after-key.json
