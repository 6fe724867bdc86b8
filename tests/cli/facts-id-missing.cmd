eval --rules rules/kosovo --compact tests/fuzz/corpus/case/id-missing.json
