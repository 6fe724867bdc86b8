eval --rules rules/kosovo --compact tests/fuzz/corpus/case/int-as-1e308.json
