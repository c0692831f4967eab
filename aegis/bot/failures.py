"""A command that raised instead of answering: the reply that says why, when the cause is one a moderator can
act on (discord.py wraps the cause: `original` for the command's own errors, `__cause__` for wrapped ones)."""

from aegis.services.dbcall import DatabaseUnavailable
from aegis.services.wording import database


def failure_text(error: BaseException) -> str | None:
    """The sentence for a known cause, or None (the caller's generic "something went wrong")."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, DatabaseUnavailable):
            return database.UNREACHABLE
        seen.add(id(cause))
        cause = getattr(cause, "original", None) or cause.__cause__
    return None
