eval --rules rules/kosovo --compact tests/fuzz/corpus/case/id-256k.json
