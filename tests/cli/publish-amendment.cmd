publish --rules tests/amendments/new --as-of 2027-03-01 --since 2026-06-01
