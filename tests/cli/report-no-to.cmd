report national --db nosuch.db --from 2025-01-01
