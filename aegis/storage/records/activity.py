"""What the bot records as it runs: automod detections, daily counters, and its own heartbeat (with, when its
rate limiter is in-process, that limiter's busiest buckets for the console)."""

import dataclasses
from datetime import date, datetime
from typing import Any

from aegis import clock
from aegis.domain.records import (
    COUNTERS,
    AutomodEvent,
    BotHeartbeat,
    BucketState,
    DailyCounts,
    InvalidRequests,
    LimiterSnapshot,
)
from aegis.storage import models as m
from aegis.storage.guilds import ensure_guild


def add_automod_event(event: AutomodEvent) -> AutomodEvent:
    ensure_guild(event.guild_id)
    fields = dataclasses.asdict(event)
    fields.pop("id")
    fields["guild"] = fields.pop("guild_id")
    fields["case"] = fields.pop("case_id")
    fields["created_at"] = event.created_at or clock.now()
    row = m.AutomodEvent.create(**fields)
    return dataclasses.replace(event, id=row.id, created_at=row.created_at)


def recent_automod_events(guild_id: int | None = None, *, before_id: int | None = None, limit: int = 50):
    query = m.AutomodEvent.select()
    if guild_id is not None:
        query = query.where(m.AutomodEvent.guild == guild_id)
    if before_id is not None:
        query = query.where(m.AutomodEvent.id < before_id)
    return [_event(row) for row in query.order_by(m.AutomodEvent.id.desc()).limit(limit)]


def _event(row: m.AutomodEvent) -> AutomodEvent:
    return AutomodEvent(
        guild_id=row.guild_id,
        rule=row.rule,
        verdict=row.verdict,
        action_taken=row.action_taken,
        reason=row.reason,
        matched=row.matched,
        user_id=row.user_id,
        channel_id=row.channel_id,
        message_id=row.message_id,
        counts=row.counts or {},
        dry_run=row.dry_run,
        case_id=row.case_id,
        id=row.id,
        created_at=row.created_at,
    )


def bump_counters(guild_id: int, day: date, **increments: int) -> None:
    """Add to a guild's counters for the day in one statement (the bot batches these)."""
    unknown = set(increments) - set(COUNTERS)
    if unknown:
        raise ValueError(f"unknown counters {sorted(unknown)}; known: {', '.join(COUNTERS)}")
    ensure_guild(guild_id)
    D = m.DailyCounter
    update = {getattr(D, name): getattr(D, name) + value for name, value in increments.items()}
    D.insert(guild=guild_id, day=day, **increments).on_conflict(
        conflict_target=[D.guild, D.day], update=update
    ).execute()


def counts(guild_id: int, since: date) -> list[DailyCounts]:
    D = m.DailyCounter
    rows = D.select().where((D.guild == guild_id) & (D.day >= since)).order_by(D.day)
    return [DailyCounts(r.guild_id, r.day, r.messages, r.joins, r.detections, r.actions, r.leaves) for r in rows]


def beat(heartbeat: BotHeartbeat) -> None:
    fields = {f.name: getattr(heartbeat, f.name) for f in dataclasses.fields(heartbeat)}
    fields["shard_ids"] = list(heartbeat.shard_ids)
    fields["rate_limits"] = _limits_json(heartbeat.rate_limits, fields.pop("invalid_requests"))
    H = m.BotHeartbeat
    H.insert(**fields).on_conflict(
        conflict_target=[H.instance_id],
        update={
            H.heartbeat_at: heartbeat.heartbeat_at,
            H.shard_ids: fields["shard_ids"],  # `--shard-count auto` knows its shards only once connected
            H.shard_count: heartbeat.shard_count,
            H.latency_ms: heartbeat.latency_ms,
            H.rate_limits: fields["rate_limits"],
        },
    ).execute()


def stopped(instance_id: str, at: datetime) -> None:
    """A clean shutdown: the row stays (the console shows the bot stopped) until it ages out."""
    H = m.BotHeartbeat
    H.update(stopped_at=at, rate_limits=None).where(H.instance_id == instance_id).execute()


def publish_rate_limits(
    instance_id: str, snapshot: LimiterSnapshot | None, invalid: InvalidRequests | None = None
) -> bool:
    """Between heartbeats: only the rate-limit state. False if the bot has no heartbeat row yet."""
    H = m.BotHeartbeat
    return bool(H.update(rate_limits=_limits_json(snapshot, invalid)).where(H.instance_id == instance_id).execute())


def heartbeats(since: datetime) -> list[BotHeartbeat]:
    H = m.BotHeartbeat
    rows = H.select().where(H.heartbeat_at >= since).order_by(H.started_at, H.instance_id)
    return [
        BotHeartbeat(
            r.instance_id,
            r.hostname,
            r.pid,
            tuple(r.shard_ids),
            r.shard_count,
            r.version,
            r.started_at,
            r.heartbeat_at,
            r.latency_ms,
            _limits(r.rate_limits),
            _invalid(r.rate_limits),
            r.stopped_at,
        )
        for r in rows
    ]


def _limits_json(snapshot: LimiterSnapshot | None, invalid: InvalidRequests | None = None) -> dict[str, Any] | None:
    """The rate-limit column: the limiter's buckets and Discord's invalid-request count, either of them absent."""
    data: dict[str, Any] = {}
    if snapshot is not None:
        data.update(
            at=snapshot.at.isoformat(),
            source=snapshot.source,
            min_fill=snapshot.min_fill,
            total=snapshot.total,
            buckets=[dataclasses.asdict(b) for b in snapshot.buckets],
        )
    if invalid is not None:
        data["invalid_requests"] = dataclasses.asdict(invalid)
    return data or None


def _invalid(data: dict[str, Any] | None) -> InvalidRequests | None:
    counted = (data or {}).get("invalid_requests")
    return InvalidRequests(**counted) if counted else None


def _limits(data: dict[str, Any] | None) -> LimiterSnapshot | None:
    if data is None or "at" not in data:
        return None
    buckets = tuple(BucketState(**b) for b in data["buckets"])
    return LimiterSnapshot(datetime.fromisoformat(data["at"]), data["source"], data["min_fill"], data["total"], buckets)
