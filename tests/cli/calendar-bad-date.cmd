calendar --rules rules/kosovo --from 2027-02-30 --to 2027-12-31
