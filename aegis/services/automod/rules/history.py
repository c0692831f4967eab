"""Bounded, per-key sliding windows of recent events for the stateful rules."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from typing import Any


class RecentIds:
    """The last `size` ids seen, for telling a replayed event (a resumed gateway re-sends) from a new one."""

    def __init__(self, size: int = 20_000) -> None:
        self._order: deque[int] = deque()
        self._seen: set[int] = set()
        self._size = size

    def first_sighting(self, item: int) -> bool:
        if item in self._seen:
            return False
        self._seen.add(item)
        self._order.append(item)
        if len(self._order) > self._size:
            self._seen.discard(self._order.popleft())
        return True


class SlidingHistory:
    """Per-key deques of (timestamp, payload), pruned to a window on every add.

    Memory stays bounded three ways: each deque has `maxlen`; a sweep every `sweep_every`
    adds drops keys with nothing inside the longest window seen; and `max_keys` caps the
    number of keys (oldest inserted go first) against a flood of distinct users.
    """

    def __init__(self, maxlen: int = 50, sweep_every: int = 4096, max_keys: int = 100_000) -> None:
        self._maxlen = maxlen
        self._sweep_every = sweep_every
        self._max_keys = max_keys
        self._data: dict[Hashable, deque[tuple[float, Any]]] = {}
        self._adds = 0
        self._longest_window = 0.0

    def add(self, key: Hashable, now: float, payload: Any, window_s: float) -> deque[tuple[float, Any]]:
        """Record an event and return the key's events inside the window, oldest first."""
        events = self._data.get(key)
        if events is None:
            events = self._data[key] = deque(maxlen=self._maxlen)
        horizon = now - window_s
        while events and events[0][0] <= horizon:
            events.popleft()
        events.append((now, payload))
        if window_s > self._longest_window:
            self._longest_window = window_s
        self._adds += 1
        # A sweep walks every key; waiting for at least len(keys) / 2 adds between sweeps keeps it O(1) per add.
        if (self._adds >= self._sweep_every and 2 * self._adds >= len(self._data)) or len(self._data) > self._max_keys:
            self._sweep(now)
        return events

    def _sweep(self, now: float) -> None:
        self._adds = 0
        horizon = now - self._longest_window
        for key in [k for k, ev in self._data.items() if not ev or ev[-1][0] <= horizon]:
            del self._data[key]
        if len(self._data) > self._max_keys:
            for key in list(self._data)[: len(self._data) - int(self._max_keys * 0.9)]:
                del self._data[key]

    def __len__(self) -> int:
        return len(self._data)
