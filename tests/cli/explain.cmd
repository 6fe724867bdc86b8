explain --rules tests/cli/data/explain/policy.rr tests/cli/data/explain/agriculture.json tests/cli/data/explain/adult.json
