from collections.abc import Iterator
from datetime import datetime

import peewee as pw

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.moderation.cases import Case, CaseType, DiscordState, NewCase, TargetKind
from aegis.storage import models as m
from aegis.storage.guilds import ensure_guild
from aegis.storage.moderation import audit
from aegis.storage.session import database


def create(new: NewCase, audit_action: str = "case.create", audit_metadata: dict | None = None) -> Case:
    """Write the case under the guild's next number and its audit entry in one transaction.

    The number comes from an UPDATE of the guild's counter: on Postgres the row lock queues concurrent
    writers, on SQLite the IMMEDIATE transaction does; a rolled-back transaction gives its number back.
    """
    with database().atomic():
        ensure_guild(new.guild_id)
        m.Guild.update(last_case_number=m.Guild.last_case_number + 1).where(m.Guild.id == new.guild_id).execute()
        number = m.Guild.select(m.Guild.last_case_number).where(m.Guild.id == new.guild_id).scalar()
        row = m.Case.create(
            guild=new.guild_id,
            number=number,
            type=new.type.value,
            target_id=new.target_id,
            target_kind=new.target_kind.value,
            actor_kind=new.actor_kind.value,
            moderator_id=new.moderator_id,
            reason=new.reason,
            created_at=new.created_at or clock.now(),
            expires_at=new.expires_at,
            active=True,
            discord_state=new.discord_state.value,
            metadata=new.metadata,
        )
        audit.record(
            NewAuditEntry(
                actor=Actor(new.actor_kind, new.moderator_id),
                action=audit_action,
                guild_id=new.guild_id,
                target_id=new.target_id,
                reason=new.reason,
                case_id=row.id,
                metadata={"case_number": number, "type": new.type.value, **(audit_metadata or {})},
            )
        )
    return to_domain(row)


def get(guild_id: int, number: int) -> Case | None:
    row = m.Case.get_or_none((m.Case.guild == guild_id) & (m.Case.number == number))
    return None if row is None else to_domain(row)


def get_by_id(case_id: int) -> Case | None:
    row = m.Case.get_or_none(m.Case.id == case_id)
    return None if row is None else to_domain(row)


def for_target(
    guild_id: int,
    target_id: int,
    *,
    types: tuple[CaseType, ...] = (),
    before_number: int | None = None,
    limit: int = 25,
) -> list[Case]:
    """A member's cases, newest first, keyset-paged by case number."""
    query = m.Case.select().where((m.Case.guild == guild_id) & (m.Case.target_id == target_id))
    if types:
        query = query.where(m.Case.type.in_([t.value for t in types]))
    if before_number is not None:
        query = query.where(m.Case.number < before_number)
    return [to_domain(row) for row in query.order_by(m.Case.number.desc()).limit(limit)]


def active_for_target(
    guild_id: int, target_id: int, types: tuple[CaseType, ...], at: datetime | None = None
) -> list[Case]:
    """A member's cases of these types still in force, newest first; with `at`, only those not yet expired then."""
    if not types:
        return []
    query = m.Case.select().where(
        (m.Case.guild == guild_id)
        & (m.Case.target_id == target_id)
        & m.Case.active
        & m.Case.type.in_([t.value for t in types])
    )
    if at is not None:
        query = query.where(m.Case.expires_at.is_null() | (m.Case.expires_at > at))
    return [to_domain(row) for row in query.order_by(m.Case.number.desc())]


def active_warning_count(guild_id: int, target_id: int, at: datetime) -> int:
    return (
        m.Case.select()
        .where(
            (m.Case.guild == guild_id)
            & (m.Case.target_id == target_id)
            & (m.Case.type == CaseType.WARN.value)
            & m.Case.active
            & m.Case.pardoned_at.is_null()
            & (m.Case.expires_at.is_null() | (m.Case.expires_at > at))
        )
        .count()
    )


def set_discord_state(
    case_id: int, state: DiscordState, error: str | None = None, metadata: dict | None = None
) -> Case:
    """Record what Discord made of the action; `metadata` adds what only the result knows (e.g. messages deleted)."""
    with database().atomic():
        row = m.Case.get_by_id(case_id)
        row.discord_state = state.value
        row.discord_error = error
        if metadata:
            row.metadata = {**(row.metadata or {}), **metadata}
        if state is DiscordState.FAILED:
            row.active = False
        row.save()
        audit.record(
            NewAuditEntry(
                Actor(ActorKind.SYSTEM),
                f"case.discord_{state.value}",
                row.guild_id,
                row.target_id,
                reason=error,
                case_id=row.id,
                metadata={"case_number": row.number},
            )
        )
    return to_domain(row)


def pardon(guild_id: int, number: int, actor: Actor, reason: str) -> Case | None:
    with database().atomic():
        row = m.Case.get_or_none((m.Case.guild == guild_id) & (m.Case.number == number))
        if row is None:
            return None
        row.pardoned_at = clock.now()
        row.pardoned_by = actor.id
        row.pardon_reason = reason
        row.active = False
        row.save()
        audit.record(
            NewAuditEntry(
                actor, "case.pardon", guild_id, row.target_id, reason, case_id=row.id, metadata={"case_number": number}
            )
        )
    return to_domain(row)


def edit_reason(guild_id: int, number: int, actor: Actor, reason: str) -> Case | None:
    with database().atomic():
        row = m.Case.get_or_none((m.Case.guild == guild_id) & (m.Case.number == number))
        if row is None:
            return None
        before = row.reason
        row.reason = reason
        row.reason_edited_at = clock.now()
        row.reason_edited_by = actor.id
        row.save()
        audit.record(
            NewAuditEntry(
                actor,
                "case.reason",
                guild_id,
                row.target_id,
                reason,
                case_id=row.id,
                metadata={"case_number": number, "previous_reason": before},
            )
        )
    return to_domain(row)


ENDED_BY = {"case.expire": "expired"}


def end(case_id: int, actor: Actor, action: str = "case.end", reason: str | None = None) -> Case:
    """Mark a timed case over (expired, or lifted by hand) with an audit entry saying which."""
    with database().atomic():
        row = m.Case.get_by_id(case_id)
        row.active = False
        row.ended_at = clock.now()
        row.end_reason = reason or ENDED_BY.get(action, action)
        row.save()
        audit.record(
            NewAuditEntry(
                actor, action, row.guild_id, row.target_id, reason, case_id=row.id, metadata={"case_number": row.number}
            )
        )
    return to_domain(row)


def stream(
    guild_id: int | None = None, moderator_id: int | None = None, since: datetime | None = None
) -> Iterator[Case]:
    """Cases oldest first, read with a server-side cursor's worth of rows at a time, never all at once."""
    query = m.Case.select()
    if guild_id is not None:
        query = query.where(m.Case.guild == guild_id)
    if moderator_id is not None:
        query = query.where(m.Case.moderator_id == moderator_id)
    if since is not None:
        query = query.where(m.Case.created_at >= since)
    for row in query.order_by(m.Case.id).iterator():
        yield to_domain(row)


def to_domain(row: m.Case) -> Case:
    return Case(
        id=row.id,
        guild_id=row.guild_id,
        number=row.number,
        type=CaseType(row.type),
        target_id=row.target_id,
        target_kind=TargetKind(row.target_kind),
        actor_kind=ActorKind(row.actor_kind),
        moderator_id=row.moderator_id,
        reason=row.reason,
        created_at=row.created_at,
        expires_at=row.expires_at,
        ended_at=row.ended_at,
        active=row.active,
        pardoned_at=row.pardoned_at,
        pardoned_by=row.pardoned_by,
        pardon_reason=row.pardon_reason,
        discord_state=DiscordState(row.discord_state),
        discord_error=row.discord_error,
        reason_edited_at=row.reason_edited_at,
        reason_edited_by=row.reason_edited_by,
        metadata=row.metadata or {},
        end_reason=row.end_reason,
    )


def type_counts_for_target(guild_id: int, target_id: int) -> dict[str, int]:
    """How many cases of each type a member has in a guild (a join log's "prior cases here")."""
    C = m.Case
    query = (
        C.select(C.type, pw.fn.COUNT(C.id))
        .where((C.guild == guild_id) & (C.target_id == target_id) & (C.target_kind == "user"))
        .group_by(C.type)
        .tuples()
    )
    return dict(query)
