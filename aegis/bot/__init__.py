"""The Discord front end: discord.py adapters that turn gateway events and slash commands into service calls."""
