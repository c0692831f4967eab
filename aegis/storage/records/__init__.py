"""Everything else Aegis keeps: activity and heartbeats, statistics, members, logged messages, settings history, and where a user stands in all of it."""
