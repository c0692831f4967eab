"""The rate-limiter interface and the GCRA arithmetic both implementations share.

Why GCRA rather than a sliding-window log: a key's whole state is one timestamp (the
"theoretical arrival time", TAT), so memory per key is constant whatever the limit, the
Redis script is a single small hash update, and a key expires by itself once the TAT is
in the past. A log would keep up to `limit` timestamps per key (1,000 per key for a
generous bucket) and a sorted set in Redis. The semantics: a bucket admits `limit` hits
at once, then refills one hit every `window_s / limit` seconds; it is empty again
`window_s` after a burst. The price: the sustained rate is exactly `limit` per
`window_s`, but a burst followed by steady refills can put up to 2*limit-1 hits inside
one stretch of `window_s`; for flood protection that is the right trade (a steady
member is never cut off, a burst is). Both implementations call `gcra_step`/`decision_from`, and the
Lua script mirrors `gcra_step` line for line, so they decide identically.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from aegis.domain.records import BucketState

# All arithmetic is in whole microseconds: Lua and Python then compute the same integers
# (exact in a double up to 2**53 us, year 2255), where float seconds drift apart by a few
# ulps after many additions to an epoch timestamp. The refill interval is rounded up to a
# whole microsecond; a bucket's capacity is exactly `limit` intervals.
US = 1_000_000


def to_us(seconds: float) -> int:
    return round(seconds * US)


def interval_us(limit: int, window_s: float) -> int:
    return max(1, math.ceil(window_s * US / limit))


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    remaining: int  # hits still allowed right now
    reset_after: float  # seconds until the bucket is completely empty again
    retry_after: float  # seconds until the next hit would be allowed (0 if it would be now)
    count: int  # hits currently occupying the bucket, this one included when allowed
    limit: int


@runtime_checkable
class RateLimiter(Protocol):
    def hit(self, bucket: str, key: str, limit: int, window_s: float, now: float | None = None) -> Decision: ...

    def peek(self, bucket: str, key: str, limit: int, window_s: float, now: float | None = None) -> Decision: ...

    def reset(self, bucket: str, key: str) -> None: ...

    def snapshot(self, min_fill: float = 0.8, now: float | None = None) -> list[BucketState]: ...


def gcra_step(
    tat_us: int | None, denied: int, now_us: int, limit: int, step_us: int, consume: bool
) -> tuple[bool, int, int]:
    """One decision: returns (allowed, new TAT, new denied count). Mirrored in Lua."""
    if tat_us is None or tat_us <= now_us:
        tat_us, denied = now_us, 0
    allowed = tat_us + step_us - now_us <= limit * step_us
    if consume:
        if allowed:
            tat_us += step_us
        else:
            denied += 1
    return allowed, tat_us, denied


def backlog_count(backlog_us: int, step_us: int) -> int:
    """How many hits a backlog (TAT - now) stands for, rounded up."""
    return max(0, -(-backlog_us // step_us))


def decision_from(allowed: bool, backlog_us: int, limit: int, step_us: int) -> Decision:
    backlog_us = max(0, backlog_us)
    count = min(limit, backlog_count(backlog_us, step_us))
    return Decision(
        allowed=allowed,
        remaining=limit - count,
        reset_after=backlog_us / US,
        retry_after=max(0, backlog_us + step_us - limit * step_us) / US,
        count=count,
        limit=limit,
    )


def state_from(bucket: str, key: str, backlog_us: int, limit: int, window_s: float, denied: int) -> BucketState:
    step_us = interval_us(limit, window_s)
    return BucketState(
        bucket=bucket,
        key=key,
        count=min(limit, backlog_count(backlog_us, step_us)),
        limit=limit,
        window_s=window_s,
        reset_after=max(0, backlog_us) / US,
        denied=denied,
    )


def near_limit(state: BucketState, min_fill: float) -> bool:
    return state.denied > 0 or state.count >= min_fill * state.limit - 1e-9


def check_args(limit: int, window_s: float) -> None:
    # A programming error, not a user one: per-guild values are validated in buckets.py.
    if limit < 1 or window_s <= 0:
        raise ValueError(f"limit must be >= 1 and window_s > 0, got {limit} and {window_s}")


def sort_states(states: list[BucketState]) -> list[BucketState]:
    """Worst first: keys being refused, then the fullest."""
    return sorted(states, key=lambda s: (-s.denied, -s.fill, s.bucket, s.key))


class GcraLimiter:
    """What both implementations share: the clock they read, and hit/peek over one `_decide`."""

    _clock: Callable[[], float] | None = None

    def _now(self, now: float | None) -> float:
        if now is not None:
            return now
        # time.time is looked up at call time, not bound earlier, so freezegun can freeze it.
        return self._clock() if self._clock is not None else time.time()

    def hit(self, bucket: str, key: str, limit: int, window_s: float, now: float | None = None) -> Decision:
        return self._decide(bucket, key, limit, window_s, now, consume=True)

    def peek(self, bucket: str, key: str, limit: int, window_s: float, now: float | None = None) -> Decision:
        return self._decide(bucket, key, limit, window_s, now, consume=False)

    def _decide(self, bucket: str, key: str, limit: int, window_s: float, now: float | None, consume: bool) -> Decision:
        raise NotImplementedError
