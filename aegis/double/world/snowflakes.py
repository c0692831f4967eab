"""Discord snowflakes: 64-bit ids whose top 42 bits are milliseconds since the Discord epoch."""

from __future__ import annotations

from datetime import UTC, datetime

DISCORD_EPOCH_MS = 1_420_070_400_000


def utcnow() -> datetime:
    # One place for "now" so freezegun in a test freezes the double as well.
    return datetime.now(UTC)


def snowflake_time(snowflake: int) -> datetime:
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, tz=UTC)


def snowflake_at(moment: datetime) -> int:
    """The smallest snowflake of that moment, as Discord's `before`/`after` pagination treats it."""
    return (int(moment.timestamp() * 1000) - DISCORD_EPOCH_MS) << 22


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


class SnowflakeFactory:
    """Makes unique, increasing ids; an id can be back-dated (old messages, old accounts)."""

    def __init__(self, worker: int = 1) -> None:
        self._worker_bits = (worker & 0x1F) << 17
        self._increment = 0
        self._last = 0

    def next(self, at: datetime | None = None) -> int:
        self._increment = (self._increment + 1) & 0xFFF
        snowflake = snowflake_at(at or utcnow()) | self._worker_bits | self._increment
        if at is None:
            # Ids made "now" must keep increasing even within one millisecond or under a frozen clock.
            snowflake = max(snowflake, self._last + 1)
            self._last = snowflake
        return snowflake
