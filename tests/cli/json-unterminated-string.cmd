eval --rules rules/kosovo --compact tests/cli/data/json/unterminated-string.json
