"""Where the console's data comes from: the database, and Redis when one is configured.

Called from worker threads only. Each call opens and closes its own connection (peewee connections are
per thread), so a database that went away is simply tried again on the next poll.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from time import perf_counter
from typing import TypeVar

import peewee as pw

from aegis import clock
from aegis.domain.records import BotHeartbeat
from aegis.services.console import health, raid_mode
from aegis.services.console.raid_mode import RaidMode
from aegis.services.ratelimit import BucketState

T = TypeVar("T")
ALIVE_WITHIN_S = 30


@dataclass(frozen=True)
class Probe:
    ok: bool
    detail: str
    took_ms: float | None = None


@dataclass(frozen=True)
class Health:
    database: Probe
    redis: Probe | None  # None: no Redis configured
    bots: list[BotHeartbeat]
    migrations: Probe


class Sources:
    def __init__(self, database: pw.Database, redis_url: str | None = None, redis_prefix: str = "aegis:rl:"):
        self.database = database
        self.redis_url = redis_url
        self.redis_prefix = redis_prefix  # the bots' rate-limit key prefix: [redis] prefix + "rl:"
        self._limiter = None

    def run(self, query: Callable[[], T]) -> T:
        with self.database.connection_context():
            return query()

    def rate_limits(self, min_fill: float) -> list[BucketState]:
        if self._limiter is None:
            from aegis.services.ratelimit import RedisRateLimiter

            self._limiter = RedisRateLimiter.from_url(self.redis_url, timeout_s=1.0, prefix=self.redis_prefix)
        # Not through FallbackRateLimiter: the console must see Redis fail, not an empty in-process copy.
        return self._limiter.snapshot(min_fill)

    def published_rate_limits(self) -> list[BotHeartbeat]:
        """The running bots, each with the in-process limiter state it published (when it has one)."""
        return self.run(lambda: health.running(within=timedelta(seconds=ALIVE_WITHIN_S)))

    def raid_mode(self) -> RaidMode:
        return self.run(lambda: raid_mode.current(alive_within=timedelta(seconds=ALIVE_WITHIN_S)))

    def health(self) -> Health:
        return Health(self._probe_database(), self._probe_redis(), self._bots(), self._migrations())

    def _probe_database(self) -> Probe:
        started = perf_counter()
        try:
            self.run(health.ping)
        except Exception as exc:
            return Probe(False, _first_line(exc))
        return Probe(True, "reachable", (perf_counter() - started) * 1000)

    def _probe_redis(self) -> Probe | None:
        if not self.redis_url:
            return None
        import redis

        started = perf_counter()
        client = redis.Redis.from_url(self.redis_url, socket_timeout=1, socket_connect_timeout=1)
        try:
            client.ping()
        except redis.RedisError as exc:
            return Probe(False, _first_line(exc))
        finally:
            client.close()
        return Probe(True, "reachable", (perf_counter() - started) * 1000)

    def _bots(self) -> list[BotHeartbeat]:
        try:
            return self.run(health.bots)
        except Exception:
            return []

    def _migrations(self) -> Probe:
        try:
            status = self.run(lambda: health.migration_status(self.database))
        except Exception as exc:
            return Probe(False, _first_line(exc))
        if status.unknown:
            return Probe(False, f"database is newer than this Aegis ({', '.join(status.unknown)})")
        if status.pending:
            return Probe(False, f"{len(status.pending)} pending: {', '.join(status.pending)} — run `aegis db migrate`")
        return Probe(True, f"up to date ({len(status.applied)} applied)")


def alive(heartbeat: BotHeartbeat) -> bool:
    recent = (clock.now() - heartbeat.heartbeat_at).total_seconds() <= ALIVE_WITHIN_S
    return recent and heartbeat.stopped_at is None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
