eval --rules rules/kosovo --compact tests/fuzz/corpus/case/birth-year-0.json
