calendar --rules rules/kosovo --from 2027-05-01 --to 2027-05-31 --json
