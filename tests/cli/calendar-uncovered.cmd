calendar --rules tests/calendar/data/same-sunday.rr --from 2026-12-01 --to 2027-07-31
