eval --rules rules/kosovo --compact tests/fuzz/corpus/case/age-negative.json
