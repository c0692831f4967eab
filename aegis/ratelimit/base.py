"""The rate-limiter interface and the GCRA arithmetic both implementations share.

Why GCRA rather than a sliding-window log: a key's whole state is one timestamp (the
"theoretical arrival time", TAT), so memory per key is constant whatever the limit, the
Redis script is a single small hash update, and a key expires by itself once the TAT is
in the past. A log would keep up to `limit` timestamps per key (1,000 per key for a
generous bucket) and a sorted set in Redis. The semantics: a bucket admits `limit` hits
at once, then refills one hit every `window_s / limit` seconds; it is empty again
`window_s` after a burst. Both implementations call `gcra_step`/`decision_from`, and the
Lua script mirrors `gcra_step` line for line, so they decide identically.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

# Float timestamps go through Redis as decimal strings; this absorbs the rounding.
EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    remaining: int  # hits still allowed right now
    reset_after: float  # seconds until the bucket is completely empty again
    retry_after: float  # seconds until the next hit would be allowed (0 if it would be now)
    count: int  # hits currently occupying the bucket, this one included when allowed
    limit: int


@dataclass(frozen=True, slots=True)
class BucketState:
    bucket: str
    key: str
    count: int
    limit: int
    window_s: float
    reset_after: float
    denied: int  # hits refused since the bucket was last empty

    @property
    def fill(self) -> float:
        return self.count / self.limit


@runtime_checkable
class RateLimiter(Protocol):
    def hit(
        self, bucket: str, key: str, limit: int, window_s: float, now: float | None = None
    ) -> Decision: ...

    def peek(
        self, bucket: str, key: str, limit: int, window_s: float, now: float | None = None
    ) -> Decision: ...

    def reset(self, bucket: str, key: str) -> None: ...

    def snapshot(self, min_fill: float = 0.8, now: float | None = None) -> list[BucketState]: ...


def gcra_step(
    tat: float | None, denied: int, now: float, limit: int, window_s: float, consume: bool
) -> tuple[bool, float, int]:
    """One decision: returns (allowed, new TAT, new denied count)."""
    if tat is None or tat <= now:
        tat, denied = now, 0
    next_tat = tat + window_s / limit
    allowed = next_tat - now <= window_s + EPSILON
    if consume:
        if allowed:
            tat = next_tat
        else:
            denied += 1
    return allowed, tat, denied


def backlog_count(backlog_s: float, limit: int, window_s: float) -> int:
    """How many hits a backlog (TAT - now) stands for, rounded up."""
    if backlog_s <= EPSILON:
        return 0
    return min(limit, math.ceil(backlog_s / (window_s / limit) - EPSILON))


def decision_from(allowed: bool, backlog_s: float, limit: int, window_s: float) -> Decision:
    backlog_s = max(0.0, backlog_s)
    count = backlog_count(backlog_s, limit, window_s)
    interval = window_s / limit
    retry_after = max(0.0, backlog_s + interval - window_s)
    if retry_after <= EPSILON:
        retry_after = 0.0
    return Decision(
        allowed=allowed,
        remaining=max(0, limit - count),
        reset_after=backlog_s,
        retry_after=retry_after,
        count=count,
        limit=limit,
    )


def state_from(
    bucket: str, key: str, backlog_s: float, limit: int, window_s: float, denied: int
) -> BucketState:
    return BucketState(
        bucket=bucket,
        key=key,
        count=backlog_count(backlog_s, limit, window_s),
        limit=limit,
        window_s=window_s,
        reset_after=max(0.0, backlog_s),
        denied=denied,
    )


def near_limit(state: BucketState, min_fill: float) -> bool:
    return state.denied > 0 or state.fill >= min_fill - EPSILON


def check_args(limit: int, window_s: float) -> None:
    # A programming error, not a user one: per-guild values are validated in buckets.py.
    if limit < 1 or window_s <= 0:
        raise ValueError(f"limit must be >= 1 and window_s > 0, got {limit} and {window_s}")


def sort_states(states: list[BucketState]) -> list[BucketState]:
    """Worst first: keys being refused, then the fullest."""
    return sorted(states, key=lambda s: (-s.denied, -s.fill, s.bucket, s.key))
