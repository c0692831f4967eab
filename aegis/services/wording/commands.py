"""What any command may answer before or after its own work: too fast, or a failure of Aegis's own."""

CRASHED = "⛔ Something went wrong on my side; it is in the bot's log. Nothing was changed unless a case says so."


def too_fast(wait_s: int) -> str:
    return f"⏳ You are using commands faster than I can take them; try again in {wait_s} s."
