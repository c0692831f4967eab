"""What Aegis says when its database cannot be reached."""

UNREACHABLE = (
    "⛔ I cannot reach my database right now, so nothing was recorded. Try again in a minute; "
    "if it keeps happening, tell whoever runs the bot."
)
