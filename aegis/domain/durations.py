"""Durations as moderators type them: 90s, 10m, 2h, 7d, 1w, or combined: 1h30m."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from aegis.domain.wording import plural

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_DURATION = timedelta(days=365 * 5)
TIMEOUT_LIMIT = timedelta(days=28)  # Discord refuses a communication_disabled_until further out
# Discord measures the 28 days on its own clock, from when the request arrives: a minute's margin absorbs a local
# clock that runs behind and the time the request spends on its way.
TIMEOUT_MARGIN = timedelta(minutes=1)
_PART = re.compile(r"(\d+)\s*([smhdw])")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[smhdw]\s*)+$")
EXAMPLES = "10m, 2h, 7d or 1h30m"


@dataclass(frozen=True, slots=True)
class BadDuration:
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.text!r} is not a duration I can use: {self.reason}"


def parse_duration(text: str, *, maximum: timedelta = MAX_DURATION) -> timedelta | BadDuration:
    cleaned = text.strip().lower()
    if cleaned.startswith("-"):
        return BadDuration(text, f"it is negative; give a length of time such as {EXAMPLES}")
    if not _WHOLE.match(cleaned):
        return BadDuration(text, f"write a number and a unit (s, m, h, d, w), e.g. {EXAMPLES}")
    seconds = sum(int(n) * UNITS[unit] for n, unit in _PART.findall(cleaned))
    if seconds == 0:
        return BadDuration(text, f"it is zero; give a length of time such as {EXAMPLES}")
    if seconds > maximum.total_seconds():
        return BadDuration(text, f"it is longer than the limit of {describe(maximum)}")
    return timedelta(seconds=seconds)


NAMED_UNITS = (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def describe(duration: timedelta) -> str:
    """2 days 3 hours, 10 minutes, 45 seconds: the two largest parts, for every sentence Aegis writes.

    Rounded to the smaller part shown, so the same length reads the same however it was measured: 30 days
    less a moment (an expiry minus the instant it was computed) is "4 weeks 2 days", not "4 weeks 1 day"."""
    seconds = round(abs(duration.total_seconds()))
    largest = next((i for i, (_, size) in enumerate(NAMED_UNITS) if seconds >= size), len(NAMED_UNITS) - 1)
    step = NAMED_UNITS[min(largest + 1, len(NAMED_UNITS) - 1)][1]
    seconds = round(seconds / step) * step
    parts = []
    for name, size in NAMED_UNITS:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(plural(count, name))
    return " ".join(parts[:2]) or "0 seconds"


def timeout_end(at: datetime, length: timedelta) -> datetime:
    """When a timeout of `length` from `at` ends: at most a minute short of Discord's 28 days."""
    return at + min(length, TIMEOUT_LIMIT - TIMEOUT_MARGIN)
