"""Members' data: one user's export, forgetting them (and keeping them forgotten across restores), and cases
out in bulk."""
