explain tests/cli/data/explain/agriculture.json
