eval --rules rules/kosovo --compact tests/fuzz/corpus/case/birth-after-identification.json
