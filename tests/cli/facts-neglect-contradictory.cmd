eval --rules rules/kosovo --compact tests/fuzz/corpus/case/neglect-contradictory.json
