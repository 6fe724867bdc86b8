eval --rules rules/kosovo --compact tests/fuzz/corpus/case/birth-year-9999.json
