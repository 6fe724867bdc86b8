init --db /nonexistent/x.db --force
