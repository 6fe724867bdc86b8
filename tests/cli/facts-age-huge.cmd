eval --rules rules/kosovo --compact tests/fuzz/corpus/case/age-huge.json
