check tests/diagnostics/duplicate-id.rr tests/cli/data/good.json
