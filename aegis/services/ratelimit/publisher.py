"""The bot's in-process rate limiter, published for the console.

With Redis the console reads the shared limiter itself. Without it the limits live inside each bot
process, so the bot writes its busiest buckets into its heartbeat row: with every heartbeat, and in a
small update of that one column in between. The same goes for the in-process copy a bot decides on while
Redis is not answering. Everything here runs in a database thread (db_call): walking the limiter's keys
stays off the gateway loop.
"""

import dataclasses
from collections.abc import Callable

from aegis import clock
from aegis.domain.records import BotHeartbeat, InvalidRequests, LimiterSnapshot
from aegis.services.ratelimit import FallbackRateLimiter, MemoryRateLimiter, RateLimiter
from aegis.storage.records import activity

PUBLISH_MIN_FILL = 0.5  # what the console lists: keys half full or more, and any refusing
PUBLISH_MAX_ROWS = 50  # the busiest; a flood of distinct keys must not make the heartbeat row huge


def limiter_snapshot(limiter: RateLimiter) -> LimiterSnapshot:
    if isinstance(limiter, MemoryRateLimiter):
        local, source = limiter, "memory"
    elif isinstance(limiter, FallbackRateLimiter) and limiter.degraded:
        local, source = limiter.fallback, "fallback"
    else:  # the limits are in Redis, where the console reads them itself
        return LimiterSnapshot(clock.now(), "redis", PUBLISH_MIN_FILL, 0, ())
    states = local.snapshot(PUBLISH_MIN_FILL)  # worst first
    return LimiterSnapshot(clock.now(), source, PUBLISH_MIN_FILL, len(states), tuple(states[:PUBLISH_MAX_ROWS]))


def _idle_source(snapshot: LimiterSnapshot) -> str | None:
    """The source, when nothing is near a limit in it; None when something is."""
    return None if snapshot.buckets else snapshot.source


class LimiterPublisher:
    def __init__(
        self,
        limiter: RateLimiter,
        instance_id: str,
        invalid_requests: Callable[[], InvalidRequests] | None = None,
    ):
        self.limiter = limiter
        self.instance_id = instance_id
        self._invalid = invalid_requests or (lambda: None)  # Discord's 401/403/429 count rides in the same column
        self._written_idle: str | None = None  # the last write's source, if that write listed nothing
        self._written_invalid: InvalidRequests | None = None

    def beat(self, heartbeat: BotHeartbeat) -> None:
        """The heartbeat, carrying the limiter's state."""
        snapshot = limiter_snapshot(self.limiter)
        invalid = self._invalid()
        activity.beat(dataclasses.replace(heartbeat, rate_limits=snapshot, invalid_requests=invalid))
        self._written_idle, self._written_invalid = _idle_source(snapshot), invalid

    def stopped(self) -> None:
        """A clean shutdown: the console then shows this bot stopped, not silent."""
        activity.stopped(self.instance_id, clock.now())

    def publish(self) -> bool:
        """The update between heartbeats; True if it wrote. While nothing is near a limit, and nothing was at
        the last write (from the same source), it writes nothing: the heartbeat renews the time every 10 s."""
        snapshot = limiter_snapshot(self.limiter)
        idle, invalid = _idle_source(snapshot), self._invalid()
        if idle is not None and idle == self._written_idle and invalid == self._written_invalid:
            return False
        if not activity.publish_rate_limits(self.instance_id, snapshot, invalid):
            return False  # no heartbeat row yet; the first heartbeat carries it
        self._written_idle, self._written_invalid = idle, invalid
        return True
