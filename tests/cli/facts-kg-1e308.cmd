eval --rules rules/kosovo --compact tests/fuzz/corpus/case/kg-1e308.json
