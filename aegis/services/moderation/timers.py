"""Many deadlines, one timer: the scheduler's pending expiries in a heap, with a single loop timer set for the
soonest. 100,000 pending rows cost 100,000 heap entries, not 100,000 TimerHandles in the event loop's own heap
(which every other callback of the bot would then sift through)."""

import asyncio
import heapq
from collections.abc import Callable


class DueQueue:
    def __init__(self, fire: Callable[[int], None]):
        self._fire = fire  # called with the id once its time has come (and it was not disarmed)
        self._due: dict[int, float] = {}  # id -> loop time; the heap may hold older entries for the same id
        self._heap: list[tuple[float, int]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at: float | None = None

    def arm(self, key: int, delay: float) -> None:
        loop = asyncio.get_running_loop()
        at = loop.time() + max(0.0, delay)
        self._due[key] = at
        heapq.heappush(self._heap, (at, key))
        if len(self._heap) > 2 * len(self._due) + 1024:
            self._compact()
        if self._timer_at is None or at < self._timer_at:
            self._set_timer(loop, at)

    def arm_many(self, delays: dict[int, float]) -> None:
        """Arm many at once (start-up): one heapify rather than a push each."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        for key, delay in delays.items():
            self._due[key] = now + max(0.0, delay)
        self._compact()
        if self._heap and (self._timer_at is None or self._heap[0][0] < self._timer_at):
            self._set_timer(loop, self._heap[0][0])

    def disarm(self, key: int) -> None:
        self._due.pop(key, None)  # its heap entry is skipped when it comes up

    def ids(self) -> set[int]:
        return set(self._due)

    def clear(self) -> None:
        self._due.clear()
        self._heap.clear()
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._timer_at = None

    def _set_timer(self, loop: asyncio.AbstractEventLoop, at: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer, self._timer_at = loop.call_at(at, self._wake), at

    def _wake(self) -> None:
        self._timer = self._timer_at = None
        loop = asyncio.get_running_loop()
        now = loop.time()
        while self._heap and self._heap[0][0] <= now:
            at, key = heapq.heappop(self._heap)
            if self._due.get(key) == at:
                del self._due[key]
                self._fire(key)
        while self._heap and self._due.get(self._heap[0][1]) != self._heap[0][0]:
            heapq.heappop(self._heap)  # stale: disarmed or re-armed since
        if self._heap:
            self._set_timer(loop, self._heap[0][0])

    def _compact(self) -> None:
        self._heap = [(at, key) for key, at in self._due.items()]
        heapq.heapify(self._heap)
