"""Event logs: what happened in a server (messages edited and deleted, members, roles, channels, voice,
invites, moderation) posted to the channels its moderators chose, with message content kept sealed and only
as long as the server says."""
