calendar --rules rules/kosovo --from 2027-01-01 --to
