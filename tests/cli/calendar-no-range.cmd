calendar --rules rules/kosovo
