"""What the community toolkit says: tags, info, welcome and autoroles, role panels, polls, announcements."""
