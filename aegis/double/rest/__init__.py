"""The REST API v10: routes, Discord's errors, and the log of every request."""
