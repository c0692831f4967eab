"""What the community toolkit keeps: tags, role panels, and members' case counts for /userinfo."""
