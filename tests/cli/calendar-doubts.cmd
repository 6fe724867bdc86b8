eval --compact --rules tests/cli/data/calendar/policy.rr tests/cli/data/calendar/official.json tests/cli/data/calendar/unconfirmed.json tests/cli/data/calendar/uncovered.json
