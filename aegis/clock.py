"""The one clock Aegis reads. Tests freeze it with freezegun."""

import time
from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def monotonic() -> float:
    """Seconds on a clock that never jumps (a wall-clock change or NTP step does not move it): for measuring
    intervals, never for dates. Looked up at each call, so freezegun (which patches time.monotonic) moves it too."""
    return time.monotonic()
