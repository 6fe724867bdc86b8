eval --rules rules/does-not-exist tests/cli/data/good.json
