import --rules rules/kosovo --db /nonexistent/x.db --frob tests/cli/data/good.json
