calendar --rules rules/kosovo --from 2027-01-01 --to 2027-12-31 --csv
