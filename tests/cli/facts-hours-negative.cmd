eval --rules rules/kosovo --compact tests/fuzz/corpus/case/hours-negative.json
