"""The double's world: guilds, members, roles, channels and messages as state, with Discord's rules."""
