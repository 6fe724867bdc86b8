eval --rules rules/kosovo --compact tests/fuzz/corpus/case/null-in-list-of-records.json
