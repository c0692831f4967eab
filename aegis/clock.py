"""The one clock Aegis reads. Tests freeze it with freezegun."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def monotonic() -> float:
    # time.monotonic is not frozen by freezegun by default; wall time is what expiries are measured in.
    return now().timestamp()
