"""Moderation done outside Aegis (Discord's UI, another bot): its case, and what it ends and cancels, in one
transaction; the audit-log entry that told of it is kept so that a replay records nothing."""

from dataclasses import dataclass
from datetime import datetime

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.moderation.cases import Case, CaseType, NewCase
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduledAction, ScheduleKind, ScheduleState
from aegis.storage import models as m
from aegis.storage.guilds import ensure_guild
from aegis.storage.moderation import cases, schedule
from aegis.storage.session import database


@dataclass(frozen=True)
class Supersedes:
    ends: tuple[CaseType, ...] = ()  # the member's cases of these types in force end
    cancels: tuple[ScheduleKind, ...] = ()  # and their pending expiries of these kinds are cancelled
    expiry: ScheduleKind | None = None  # the new case's own expiry, when it has an end


@dataclass(frozen=True)
class Recorded:
    case: Case
    cancelled: tuple[int, ...]
    expiry: ScheduledAction | None


def record(new: NewCase, entry_id: int | None, action_type: int, supersedes: Supersedes) -> Recorded | None:
    """None: this audit-log entry was recorded already (a replayed event, here or in another process)."""
    with database().atomic():
        ensure_guild(new.guild_id)
        if entry_id is not None and not _claim_entry(entry_id, new.guild_id, action_type):
            return None
        case = cases.create(new, audit_action="case.discord")
        if entry_id is not None:
            m.DiscordAuditEntry.update(case=case.id).where(m.DiscordAuditEntry.id == entry_id).execute()
        pending = schedule.pending_for_target(new.guild_id, new.target_id, supersedes.cancels)
        cancelled = tuple(action.id for action in pending if schedule.cancel(action.id))
        by = Actor(new.actor_kind, new.moderator_id)
        for older in cases.active_for_target(new.guild_id, new.target_id, supersedes.ends):
            if older.id != case.id:
                cases.end(older.id, by, "case.supersede", f"ended by case #{case.number}, made in Discord")
        expiry = None
        if supersedes.expiry and case.expires_at:
            expiry = schedule.add(
                NewScheduledAction(new.guild_id, supersedes.expiry, case.expires_at, new.target_id, case.id, {})
            )
    return Recorded(case, cancelled, expiry)


def _claim_entry(entry_id: int, guild_id: int, action_type: int) -> bool:
    """Insert-or-nothing on the entry id (the primary key): concurrent copies wait for the first and get 0."""
    inserted = (
        m.DiscordAuditEntry.insert(id=entry_id, guild=guild_id, action_type=action_type, seen_at=clock.now())
        .on_conflict_ignore()
        .as_rowcount()
        .execute()
    )
    return inserted == 1


def acted_recently(
    guild_id: int, target_id: int, types: tuple[CaseType, ...], kinds: tuple[ScheduleKind, ...], since: datetime
) -> bool:
    """Whether a case of these types (Aegis's own, or this very change already recorded) or a running or finished
    expiry of these kinds touched the member since `since`: how a ban event without an audit-log entry is told
    apart from one Aegis caused."""
    case = m.Case.select().where(
        (m.Case.guild == guild_id)
        & (m.Case.target_id == target_id)
        & m.Case.type.in_([t.value for t in types])
        & (m.Case.created_at >= since)
    )
    S = m.ScheduledAction
    expiry = S.select().where(
        (S.guild == guild_id)
        & (S.target_id == target_id)
        & S.kind.in_([k.value for k in kinds])
        & S.state.in_([ScheduleState.RUNNING.value, ScheduleState.DONE.value])
        & (S.updated_at >= since)
    )
    return (bool(types) and case.exists()) or (bool(kinds) and expiry.exists())
