"""discord.py events turned into what the services need: automod, Discord's own actions, event logs, the roster, rejoins."""
