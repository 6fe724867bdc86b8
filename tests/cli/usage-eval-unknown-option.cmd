eval --frob --rules rules/kosovo tests/cli/data/good.json
