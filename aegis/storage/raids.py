"""Raids and their cohorts. At most one raid per guild is open (ended_at null) at a time; every start and end is
audit-logged. The console switches raid mode here, and the bot marks when it has taken a change up."""

from datetime import datetime

import peewee as pw

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.raids import CohortMember, Raid, RaidAction, RaidResolution, RaidTrigger
from aegis.storage import models as m
from aegis.storage.guilds import ensure_guild
from aegis.storage.moderation import audit
from aegis.storage.session import database

R, RM = m.Raid, m.RaidMember


def start(
    guild_id: int,
    trigger: RaidTrigger,
    action: RaidAction,
    actor: Actor,
    reason: str | None = None,
    at: datetime | None = None,
) -> tuple[Raid, bool]:
    """Open a raid for the guild; (the raid, True) if this call opened it, (the open one, False) if one was."""
    with database().atomic():
        ensure_guild(guild_id)
        _lock_guild(guild_id)
        current = active(guild_id)
        if current is not None:
            return current, False
        row = R.create(
            guild=guild_id,
            trigger=trigger.value,
            action=action.value,
            started_at=at or clock.now(),
            started_by_kind=actor.kind.value,
            started_by_id=actor.id,
            reason=reason,
        )
        audit.record(
            NewAuditEntry(
                actor,
                "raid.start",
                guild_id,
                reason=reason,
                metadata={"raid_id": row.id, "trigger": trigger.value, "action": action.value},
            )
        )
    return to_domain(R.get_by_id(row.id)), True


def end(raid_id: int, actor: Actor, reason: str | None = None, at: datetime | None = None) -> Raid | None:
    """Close the raid; None if it was closed already (by someone else, or by itself)."""
    with database().atomic():
        changed = (
            R.update(
                ended_at=at or clock.now(), ended_by_kind=actor.kind.value, ended_by_id=actor.id, end_reason=reason
            )
            .where((R.id == raid_id) & R.ended_at.is_null())
            .execute()
        )
        if not changed:
            return None
        raid = get(raid_id)
        audit.record(
            NewAuditEntry(
                actor, "raid.end", raid.guild_id, reason=reason, metadata={"raid_id": raid_id, "joins": raid.joins}
            )
        )
    return raid


def get(raid_id: int) -> Raid | None:
    row = R.get_or_none(R.id == raid_id)
    return to_domain(row) if row else None


def active(guild_id: int) -> Raid | None:
    row = R.select().where((R.guild == guild_id) & R.ended_at.is_null()).order_by(R.id.desc()).first()
    return to_domain(row) if row else None


def active_raids() -> list[Raid]:
    return [to_domain(row) for row in R.select().where(R.ended_at.is_null()).order_by(R.id)]


def latest(guild_id: int) -> Raid | None:
    row = R.select().where(R.guild == guild_id).order_by(R.id.desc()).first()
    return to_domain(row) if row else None


def recent(limit: int = 50, guild_id: int | None = None) -> list[Raid]:
    query = R.select()
    if guild_id is not None:
        query = query.where(R.guild == guild_id)
    return [to_domain(row) for row in query.order_by(R.id.desc()).limit(limit)]


def unseen() -> list[Raid]:
    """Raids whose start or end no bot has taken up yet (e.g. switched from the console)."""
    query = R.select().where(
        (R.start_seen_at.is_null() & R.ended_at.is_null()) | (R.ended_at.is_null(False) & R.end_seen_at.is_null())
    )
    return [to_domain(row) for row in query.order_by(R.id)]


def mark_seen(raid_id: int, at: datetime | None = None) -> None:
    """The bot has acted on the raid's current state: its start, or, once ended, its end."""
    when = at or clock.now()
    R.update(start_seen_at=pw.fn.COALESCE(R.start_seen_at, when)).where(R.id == raid_id).execute()
    R.update(end_seen_at=when).where((R.id == raid_id) & R.ended_at.is_null(False) & R.end_seen_at.is_null()).execute()


def add_member(
    raid_id: int, user_id: int, joined_at: datetime, account_created_at: datetime | None = None, handled: str = ""
) -> bool:
    """Record a joiner in the cohort; False if they are in it already (a replayed join, or a rejoin)."""
    with database().atomic():
        if RM.select().where((RM.raid == raid_id) & (RM.user_id == user_id)).exists():
            return False
        RM.insert(
            raid=raid_id,
            user_id=user_id,
            joined_at=joined_at,
            account_created_at=account_created_at,
            handled=handled[:64],
        ).on_conflict_ignore().execute()
        later = R.last_join_at.is_null() | (R.last_join_at < joined_at)
        R.update(joins=R.joins + 1, last_join_at=pw.Case(None, [(later, joined_at)], R.last_join_at)).where(
            R.id == raid_id
        ).execute()
    return True


def set_handled(raid_id: int, user_id: int, handled: str) -> None:
    RM.update(handled=handled[:64]).where((RM.raid == raid_id) & (RM.user_id == user_id)).execute()


def members(raid_id: int, *, unresolved_only: bool = False) -> list[CohortMember]:
    query = RM.select().where(RM.raid == raid_id)
    if unresolved_only:
        query = query.where(RM.resolution.is_null() | RM.resolution_error.is_null(False))
    return [_member(row) for row in query.order_by(RM.joined_at, RM.id)]


def resolve_member(
    raid_id: int, user_id: int, resolution: RaidResolution, error: str | None = None, at: datetime | None = None
) -> None:
    RM.update(resolution=resolution.value, resolved_at=at or clock.now(), resolution_error=error).where(
        (RM.raid == raid_id) & (RM.user_id == user_id)
    ).execute()


def to_domain(row: m.Raid) -> Raid:
    return Raid(
        id=row.id,
        guild_id=row.guild_id,
        trigger=RaidTrigger(row.trigger),
        action=RaidAction(row.action),
        started_at=row.started_at,
        started_by_kind=ActorKind(row.started_by_kind),
        started_by_id=row.started_by_id,
        reason=row.reason,
        joins=row.joins,
        last_join_at=row.last_join_at,
        ended_at=row.ended_at,
        ended_by_kind=ActorKind(row.ended_by_kind) if row.ended_by_kind else None,
        ended_by_id=row.ended_by_id,
        end_reason=row.end_reason,
        start_seen_at=row.start_seen_at,
        end_seen_at=row.end_seen_at,
    )


def _member(row: m.RaidMember) -> CohortMember:
    return CohortMember(
        raid_id=row.raid_id,
        user_id=row.user_id,
        joined_at=row.joined_at,
        account_created_at=row.account_created_at,
        handled=row.handled,
        resolution=RaidResolution(row.resolution) if row.resolution else None,
        resolved_at=row.resolved_at,
        resolution_error=row.resolution_error,
    )


def _lock_guild(guild_id: int) -> None:
    # Two processes opening a raid for one guild at once (a spike and the console) must not open two.
    if isinstance(database(), pw.PostgresqlDatabase):
        m.Guild.select(m.Guild.id).where(m.Guild.id == guild_id).for_update().execute()
