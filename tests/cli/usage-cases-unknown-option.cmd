cases --db /nonexistent/x.db --json
