"""Smaller things Aegis keeps: automod detections, daily counters, bot heartbeats."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


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


COUNTERS = ("messages", "joins", "detections", "actions")


@dataclass(frozen=True, slots=True)
class DailyCounts:
    guild_id: int
    day: date
    messages: int = 0
    joins: int = 0
    detections: int = 0
    actions: int = 0


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
