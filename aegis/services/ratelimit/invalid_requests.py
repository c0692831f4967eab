"""Discord's invalid-request limit: 10,000 answers of 401, 403 or 429 in 10 minutes from one IP and Cloudflare bans
the IP for an hour, every bot on it with it. Aegis counts its own and, past a threshold well below that, pauses the
work that can wait (raid resolve, purge, expiry retries) until the count has fallen again.

Fed by the bot's HTTP layer (every response Discord gives); read by the heartbeat (so the console shows the count)
and by the mass work it holds. Not shared between processes: Discord counts per IP, and the processes on one
machine each see their own share, so the threshold leaves room for several.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from aegis import clock
from aegis.domain.records import InvalidRequests

log = logging.getLogger("aegis.ratelimit")
WINDOW_S = 600.0  # Discord's 10 minutes
DISCORD_BANS_AT = 10_000
DEFAULT_PAUSE_AT = 2_000
INVALID = frozenset({401, 403, 429})
_SLOT_S = 10.0  # counts are kept per 10 s: 60 slots, whatever the traffic


def counts_against_limit(status: int, scope: str | None) -> bool:
    """Discord leaves out 429s whose X-RateLimit-Scope is `shared` (a limit on the resource, not on Aegis)."""
    return status in INVALID and not (status == 429 and scope == "shared")


class InvalidRequestBudget:
    def __init__(
        self, pause_at: int = DEFAULT_PAUSE_AT, *, monotonic: Callable[[], float] = clock.monotonic, check_every_s=5.0
    ) -> None:
        self.pause_at = pause_at
        self._monotonic = monotonic
        self._check_every_s = check_every_s
        self._slots: deque[list[float]] = deque()  # [slot start, count], oldest first
        self._total = 0
        self._was_paused = False

    def record(self, status: int, scope: str | None = None) -> None:
        """One answer from Discord. Cheap: called for every response on the event loop."""
        if not counts_against_limit(status, scope):
            return
        now = self._monotonic()
        start = now - now % _SLOT_S
        if self._slots and self._slots[-1][0] == start:
            self._slots[-1][1] += 1
        else:
            self._slots.append([start, 1])
        self._total += 1
        self._expire(now)
        self._note_change()

    @property
    def count(self) -> int:
        self._expire(self._monotonic())
        return self._total

    @property
    def paused(self) -> bool:
        paused = self.count >= self.pause_at
        self._note_change(paused)
        return paused

    def snapshot(self) -> InvalidRequests:
        return InvalidRequests(self.count, self.pause_at, WINDOW_S)

    async def until_calm(self, on_pause: Callable[[InvalidRequests], Awaitable[None]] | None = None) -> None:
        """Returns at once while the count is under the threshold; else tells `on_pause` (once) and waits."""
        if not self.paused:
            return
        if on_pause is not None:
            try:
                await on_pause(self.snapshot())
            except Exception as exc:  # telling about the pause must not end the work it pauses
                log.warning("could not tell about the invalid-request pause: %s", exc)
        while self.paused:
            await asyncio.sleep(self._check_every_s)

    def _expire(self, now: float) -> None:
        horizon = now - WINDOW_S
        while self._slots and self._slots[0][0] + _SLOT_S <= horizon:
            self._total -= int(self._slots.popleft()[1])

    def _note_change(self, paused: bool | None = None) -> None:
        paused = self._total >= self.pause_at if paused is None else paused
        if paused == self._was_paused:
            return
        self._was_paused = paused
        if paused:
            log.warning(
                "invalid-request budget spent: Discord answered %d of Aegis's requests with 401/403/429 in the last "
                "10 minutes (pause at %d; Discord bans the IP at %d): raid resolve, purge and expiry retries pause",
                self._total,
                self.pause_at,
                DISCORD_BANS_AT,
            )
        else:
            log.warning("invalid-request count back to %d (under %d): paused work goes on", self._total, self.pause_at)
