"""What Aegis tells a member who asks for their data."""

from datetime import datetime

DESCRIBE_MYDATA = "Get everything this bot keeps about you, as a file in your DMs (once a day)."
EXPORT_DM = (
    "Here is everything this server's moderation bot keeps about you, as one JSON file. What each part means, "
    "and how to have it removed, is on the operator's \"Your members' data\" page; to have it removed, ask the "
    "server's staff."
)
DM_CLOSED = (
    "I could not DM you: your direct messages are closed to me. Allow DMs from this server's members "
    "(Privacy Settings) and ask again; this try did not count."
)
SENT = "📬 Sent: check your DMs for a JSON file with everything I keep about you. You can ask again in a day."


def once_a_day(last: datetime, next_at: datetime) -> str:
    return (
        f"You asked for your data at {last:%Y-%m-%d %H:%M} UTC; one copy a day, so you can ask again after "
        f"{next_at:%Y-%m-%d %H:%M} UTC."
    )
