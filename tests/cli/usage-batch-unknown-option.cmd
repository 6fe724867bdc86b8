batch --rules rules/kosovo --db /nonexistent/x.db --as-of 2025-03-05T10:00:00+01:00 --limit 5
