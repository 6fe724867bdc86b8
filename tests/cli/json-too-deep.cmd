eval --rules rules/kosovo --compact tests/fuzz/corpus/case/deep-json-3000.json
