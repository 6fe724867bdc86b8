report national --db nosuch.db --from 2025-01-01 --to 2025-06-30 --lang de --rules rules/kosovo
