test --strict rules/kosovo
