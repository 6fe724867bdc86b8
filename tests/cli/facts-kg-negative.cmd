eval --rules rules/kosovo --compact tests/fuzz/corpus/case/kg-negative.json
