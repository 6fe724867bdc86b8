eval --pretty=yes --rules rules/kosovo tests/cli/data/good.json
