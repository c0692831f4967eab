"""The community toolkit on discord.py: its Discord calls, and presses on role panels."""
