"""Smaller things Aegis keeps: automod detections, daily counters, bot heartbeats and the rate-limit keys they publish."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class BucketState:
    """One rate-limit key as a limiter sees it now."""

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


@dataclass(frozen=True, slots=True)
class AutomodEvent:
    guild_id: int
    rule: str
    verdict: str  # what the rule decided should happen, e.g. "delete", "timeout"
    action_taken: str  # what Aegis did: the verdict, "none" in dry run, or "failed: …"
    reason: str
    matched: str = ""
    user_id: int | None = None
    channel_id: int | None = None
    message_id: int | None = None
    counts: dict[str, Any] = field(default_factory=dict)
    dry_run: bool = False
    case_id: int | None = None
    id: int | None = None
    created_at: datetime | None = None


COUNTERS = ("messages", "joins", "leaves", "detections", "actions")


@dataclass(frozen=True, slots=True)
class DailyCounts:
    guild_id: int
    day: date
    messages: int = 0
    joins: int = 0
    detections: int = 0
    actions: int = 0
    leaves: int = 0


@dataclass(frozen=True, slots=True)
class DayStats:
    """One guild's day (or every guild's, added up): the counters, and what the records say happened."""

    day: date
    messages: int = 0
    joins: int = 0
    leaves: int = 0
    cases: dict[str, int] = field(default_factory=dict)  # by case type
    detections: dict[str, int] = field(default_factory=dict)  # automod detections by rule
    pardons: int = 0  # warnings pardoned that day: automod's and moderators' false positives


@dataclass(frozen=True, slots=True)
class LimiterSnapshot:
    """The busiest buckets of a bot's in-process rate limiter, as it published them for the console."""

    at: datetime
    # "memory": no Redis is configured; "fallback": Redis is, but has not been answering; "redis": the limits
    # are in Redis, where the console reads them (and `buckets` is empty)
    source: str
    min_fill: float  # buckets at least this full (or refusing) were listed
    total: int  # how many were; `buckets` holds the busiest of them
    buckets: tuple[BucketState, ...]


@dataclass(frozen=True, slots=True)
class InvalidRequests:
    """A bot's count of Discord's 401/403/429 answers over the last `window_s` (Discord bans an IP at 10,000 in
    10 minutes), and the count at which it pauses the work that can wait."""

    count: int
    pause_at: int
    window_s: float = 600.0

    @property
    def paused(self) -> bool:
        return self.count >= self.pause_at


@dataclass(frozen=True, slots=True)
class BotHeartbeat:
    instance_id: str
    hostname: str
    pid: int
    shard_ids: tuple[int, ...]
    shard_count: int | None
    version: str
    started_at: datetime
    heartbeat_at: datetime
    latency_ms: float | None = None
    # None: the bot published nothing (an Aegis from before the console could show the embedded limiter).
    rate_limits: LimiterSnapshot | None = None
    invalid_requests: InvalidRequests | None = None  # None: not counted (an Aegis from before the count)
    stopped_at: datetime | None = None  # when it stopped cleanly; None while it runs, or if it died
