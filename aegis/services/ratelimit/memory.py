"""In-process rate limiter: the embedded default, and the fallback while Redis is away."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from aegis.services.ratelimit.base import (
    BucketState,
    Decision,
    GcraLimiter,
    check_args,
    decision_from,
    gcra_step,
    interval_us,
    near_limit,
    sort_states,
    state_from,
    to_us,
)


@dataclass(slots=True)
class _Entry:
    tat_us: int
    denied: int
    limit: int
    window_s: float


class MemoryRateLimiter(GcraLimiter):
    """Thread-safe GCRA limiter whose memory stays bounded.

    An entry is dead once its TAT is in the past (the bucket is empty), so a sweep every
    `sweep_every` hits drops those; `max_keys` is a hard ceiling against a flood of
    distinct keys inside one window, evicting the oldest-inserted entries first.
    """

    def __init__(
        self,
        clock: Callable[[], float] | None = None,
        sweep_every: int = 1024,
        max_keys: int = 200_000,
    ) -> None:
        self._clock = clock
        self._sweep_every = sweep_every
        self._max_keys = max_keys
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._lock = threading.Lock()
        self._hits_since_sweep = 0

    def _decide(self, bucket: str, key: str, limit: int, window_s: float, now: float | None, consume: bool) -> Decision:
        check_args(limit, window_s)
        t = to_us(self._now(now))
        step = interval_us(limit, window_s)
        with self._lock:
            entry = self._entries.get((bucket, key))
            allowed, tat, denied = gcra_step(
                entry.tat_us if entry else None, entry.denied if entry else 0, t, limit, step, consume
            )
            if consume:
                if entry is None:
                    self._entries[(bucket, key)] = _Entry(tat, denied, limit, window_s)
                else:
                    entry.tat_us, entry.denied, entry.limit, entry.window_s = tat, denied, limit, window_s
                self._hits_since_sweep += 1
                if self._hits_since_sweep >= self._sweep_every or len(self._entries) > self._max_keys:
                    self._sweep(t)
        return decision_from(allowed, tat - t, limit, step)

    def _sweep(self, now_us: int) -> None:
        self._hits_since_sweep = 0
        dead = [k for k, e in self._entries.items() if e.tat_us <= now_us]
        for k in dead:
            del self._entries[k]
        # Evict down to 90% of the ceiling so a flood does not pay a full sweep per hit.
        excess = len(self._entries) - int(self._max_keys * 0.9)
        if len(self._entries) > self._max_keys:
            for k in list(self._entries)[:excess]:
                del self._entries[k]

    def reset(self, bucket: str, key: str) -> None:
        with self._lock:
            self._entries.pop((bucket, key), None)

    def snapshot(self, min_fill: float = 0.8, now: float | None = None) -> list[BucketState]:
        t = to_us(self._now(now))
        with self._lock:
            self._sweep(t)
            states = [
                state_from(b, k, e.tat_us - t, e.limit, e.window_s, e.denied) for (b, k), e in self._entries.items()
            ]
        return sort_states([s for s in states if near_limit(s, min_fill)])

    def __len__(self) -> int:
        return len(self._entries)
