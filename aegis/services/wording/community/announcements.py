"""What /announce says."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from aegis.domain.durations import describe

if TYPE_CHECKING:
    from aegis.domain.moderation.schedule import ScheduledAction

ANNOUNCING = "post announcements"
PINGING = "ping @everyone"
REPEAT_TOO_OFTEN = "An announcement can repeat at most once an hour."
NONE_PENDING = "ℹ️ No announcements are waiting."
POSTED = "✅ Announced."
DESCRIBE_CHANNEL = "Where to post it."
DESCRIBE_TEXT = "What to post, up to 2000 characters."
DESCRIBE_AT = "When: 2h (from now) or a UTC time such as 2026-12-24 18:00; default now."
DESCRIBE_REPEAT = "Post it again every so often, e.g. 1d or 1w (at least 1h)."
DESCRIBE_EVERYONE = "Ping @everyone (needs Mention Everyone); otherwise it pings nobody."
DESCRIBE_ID = "The announcement's number, from /announce list."


def bad_time(text: str) -> str:
    return f"“{text}” is not a time I can read: write a duration from now (2h, 1d12h) or a UTC time (2026-12-24 18:00)."


def in_the_past(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC has passed; give a time to come."


def too_far(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC is more than a year away."


def bad_text(most: int) -> str:
    return f"An announcement needs 1 to {most} characters."


def not_posted(problem: str) -> str:
    return f"I could not post the announcement: {problem}"


def no_announcement(action_id: int) -> str:
    return f"There is no announcement #{action_id} here; /announce list shows them."


def not_pending(action_id: int) -> str:
    return f"Announcement #{action_id} is not waiting any more (posted or cancelled)."


def stamp(moment: datetime) -> str:
    return f"<t:{int(moment.timestamp())}:f>"


def scheduled(action: "ScheduledAction") -> str:
    every = action.payload.get("repeat_s")
    again = f", then every {describe(timedelta(seconds=every))}" if every else ""
    return f"✅ Announcement #{action.id} will be posted in <#{action.payload['channel_id']}> at {stamp(action.due_at)}{again}."


def result(outcome) -> str:
    return scheduled(outcome) if hasattr(outcome, "due_at") else POSTED


def cancelled(action: "ScheduledAction") -> str:
    return f"✅ Announcement #{action.id} cancelled."


def listing(actions: "list[ScheduledAction]") -> str:
    if not actions:
        return NONE_PENDING
    lines = [f"#{a.id} {stamp(a.due_at)} in <#{a.payload['channel_id']}>: {a.payload['text'][:80]}" for a in actions]
    return "**Waiting announcements**\n" + "\n".join(lines)
