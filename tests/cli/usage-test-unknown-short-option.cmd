test -x rules/kosovo
