check --frob rules/kosovo
