"""The operator console's read side, and the few writes an operator makes from it.

Every list is newest first and keyset-paged. A filter that an index serves pages without bound; a filter
that no index serves (free text, a status, a member without a guild, two filters at once) scans a window
of at most `window` ids or case numbers below the cursor, so no page ever walks the whole table.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Generic, TypeVar

import peewee as pw

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.audit import AuditEntry, NewAuditEntry
from aegis.domain.cases import Case, CaseType
from aegis.domain.records import AutomodEvent, BotHeartbeat
from aegis.domain.schedule import ScheduledAction, ScheduleState
from aegis.storage import models as m
from aegis.storage.moderation import audit, schedule
from aegis.storage.moderation import cases as case_store
from aegis.storage.records import activity
from aegis.storage.session import database

SCAN_WINDOW = 20_000
T = TypeVar("T")


class CaseStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    PARDONED = "pardoned"


def status_of(case: Case, at: datetime) -> CaseStatus:
    if case.pardoned:
        return CaseStatus.PARDONED
    if case.active and (case.expires_at is None or case.expires_at > at):
        return CaseStatus.ACTIVE
    return CaseStatus.EXPIRED


@dataclass(frozen=True)
class CaseFilter:
    guild_id: int | None = None
    target_id: int | None = None
    moderator_id: int | None = None
    type: CaseType | None = None
    status: CaseStatus | None = None
    text: str = ""

    @property
    def indexed(self) -> bool:
        """True when one (guild, column, number) index answers the whole filter."""
        narrowing = [v for v in (self.target_id, self.moderator_id, self.type) if v is not None]
        if self == CaseFilter():
            return True  # the primary key
        return self.guild_id is not None and len(narrowing) <= 1 and self.status is None and not self.text


@dataclass(frozen=True)
class AuditQuery:
    guild_id: int | None = None
    target_id: int | None = None
    actor_kind: ActorKind | None = None
    actor_id: int | None = None
    action: str | None = None

    @property
    def indexed(self) -> bool:
        """True when one (column…, id) index answers the whole filter in id order."""
        if self.actor_id is not None and self.actor_kind is None:
            return False
        if self.actor_kind is not None and self.actor_id is None:
            return False  # (actor_kind, actor_id, id) is ordered by actor id first
        used = [self.guild_id, self.target_id, self.actor_kind, self.action]
        return sum(v is not None for v in used) <= 1


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: int | None  # pass back as `cursor` for the next page; None: nothing older
    window: int | None  # the scan bound used, when the filter had no index


def cases_page(f: CaseFilter, cursor: int | None = None, *, limit: int = 100, window: int = SCAN_WINDOW) -> Page[Case]:
    """Cursor is a case number when a guild is chosen (the guild's indexes end in number), an id otherwise."""
    C = m.Case
    key = C.number if f.guild_id is not None else C.id
    query = C.select().where(*_case_conditions(f, clock.now()))
    if cursor is not None:
        query = query.where(key < cursor)
    bounded = not f.indexed
    if bounded:
        top = cursor if cursor is not None else _max(key, C.guild == f.guild_id if f.guild_id else None) + 1
        floor = top - window
        query = query.where(key >= floor)
    rows = [case_store.to_domain(r) for r in query.order_by(key.desc()).limit(limit)]
    if len(rows) == limit:
        next_cursor = rows[-1].number if f.guild_id is not None else rows[-1].id
    elif bounded and floor > 1:
        next_cursor = floor
    else:
        next_cursor = None
    return Page(rows, next_cursor, window if bounded else None)


def _case_conditions(f: CaseFilter, at: datetime) -> list[Any]:
    C = m.Case
    conditions = []
    if f.guild_id is not None:
        conditions.append(C.guild == f.guild_id)
    if f.target_id is not None:
        conditions.append(C.target_id == f.target_id)
    if f.moderator_id is not None:
        conditions.append(C.moderator_id == f.moderator_id)
    if f.type is not None:
        conditions.append(C.type == f.type.value)
    if f.status is CaseStatus.PARDONED:
        conditions.append(C.pardoned_at.is_null(False))
    elif f.status is CaseStatus.ACTIVE:
        conditions.append(C.pardoned_at.is_null() & C.active & (C.expires_at.is_null() | (C.expires_at > at)))
    elif f.status is CaseStatus.EXPIRED:
        conditions.append(C.pardoned_at.is_null() & (~C.active | (C.expires_at <= at)))
    if f.text:
        conditions.append(C.reason.contains(f.text))
    return conditions or [pw.SQL("1 = 1")]


def _max(key: pw.Field, condition: Any = None) -> int:
    query = key.model.select(pw.fn.MAX(key))
    if condition is not None:
        query = query.where(condition)
    return query.scalar() or 0


def audit_page(
    q: AuditQuery, cursor: int | None = None, *, limit: int = 100, window: int = SCAN_WINDOW
) -> Page[AuditEntry]:
    A = m.AuditEntry
    query = A.select().where(*_audit_conditions(q))
    if cursor is not None:
        query = query.where(A.id < cursor)
    bounded = not q.indexed
    if bounded:
        top = cursor if cursor is not None else _max(A.id) + 1
        floor = top - window
        query = query.where(A.id >= floor)
    rows = [audit.to_domain(r) for r in query.order_by(A.id.desc()).limit(limit)]
    if len(rows) == limit:
        next_cursor = rows[-1].id
    elif bounded and floor > 1:
        next_cursor = floor
    else:
        next_cursor = None
    return Page(rows, next_cursor, window if bounded else None)


def audit_newer(q: AuditQuery, after_id: int, *, limit: int = 500) -> list[AuditEntry]:
    """Entries written since `after_id`, newest first: a range on the id ends every index, so this is cheap."""
    A = m.AuditEntry
    query = A.select().where(*_audit_conditions(q), A.id > after_id).order_by(A.id.desc()).limit(limit)
    return [audit.to_domain(r) for r in query]


def _audit_conditions(q: AuditQuery) -> list[Any]:
    A = m.AuditEntry
    conditions = []
    for name in ("guild_id", "target_id", "actor_id", "action"):
        value = getattr(q, name)
        if value is not None:
            conditions.append(getattr(A, name) == value)
    if q.actor_kind is not None:
        conditions.append(A.actor_kind == q.actor_kind.value)
    return conditions or [pw.SQL("1 = 1")]


def case_trail(case_id: int, limit: int = 200) -> list[AuditEntry]:
    return audit.page(audit.AuditFilter(case_id=case_id), limit=limit)


@dataclass(frozen=True)
class Schedules:
    pending: list[ScheduledAction]
    failed: list[ScheduledAction]


def schedules(limit: int = 500) -> Schedules:
    S = m.ScheduledAction
    live = (ScheduleState.PENDING.value, ScheduleState.RUNNING.value)
    pending = S.select().where(S.state.in_(live)).order_by(S.due_at, S.id).limit(limit)
    failed = S.select().where(S.state == ScheduleState.FAILED.value).order_by(S.due_at.desc()).limit(100)
    return Schedules([schedule.to_domain(r) for r in pending], [schedule.to_domain(r) for r in failed])


@dataclass(frozen=True)
class DryRun:
    guild_id: int
    guild_name: str
    rules: tuple[str, ...]  # "*" when the whole of automod is in dry run


def automod_events(limit: int = 200) -> list[AutomodEvent]:
    return activity.recent_automod_events(limit=limit)


def dry_runs(limit: int = 1000) -> list[DryRun]:
    """Which rules each guild runs in dry run, read from guild settings' `automod` JSON."""
    G = m.GuildSettings
    rows = G.select(G.guild, G.automod, m.Guild.name).join(m.Guild).order_by(G.guild).limit(limit)
    found = []
    for row in rows:
        rules = dry_run_rules(row.automod or {})
        if rules:
            found.append(DryRun(row.guild_id, row.guild.name, rules))
    return found


def dry_run_rules(settings: dict[str, Any]) -> tuple[str, ...]:
    """Read with automod's own parser (which never raises), so the console and the engine agree."""
    from aegis.services.automod.settings import parse_settings

    parsed = parse_settings(settings).settings
    if not parsed.enabled:
        return ()
    if parsed.dry_run:
        return ("*",)
    return tuple(sorted(name for name, rule in parsed.rules.items() if rule.enabled and rule.dry_run))


def heartbeats(within: timedelta = timedelta(hours=1)) -> list[BotHeartbeat]:
    return activity.heartbeats(clock.now() - within)


def ping() -> None:
    database().execute_sql("SELECT 1").fetchone()


# --- operator actions: each writes its change and its audit entry in one transaction ---


def pardon(case: Case, actor: Actor, reason: str) -> Case | None:
    return case_store.pardon(case.guild_id, case.number, actor, reason)


def cancel_schedule(action_id: int, actor: Actor, reason: str | None = None) -> bool:
    with database().atomic():
        row = schedule.get(action_id)
        if row is None or not schedule.cancel(action_id):
            return False
        audit.record(
            NewAuditEntry(
                actor,
                "schedule.cancel",
                row.guild_id,
                row.target_id,
                reason,
                case_id=row.case_id,
                metadata={"schedule_id": action_id, "kind": row.kind.value, "due_at": row.due_at.isoformat()},
            )
        )
    return True


def reschedule(action_id: int, due_at: datetime, actor: Actor, reason: str | None = None) -> bool:
    with database().atomic():
        row = schedule.get(action_id)
        if row is None or not schedule.reschedule(action_id, due_at):
            return False
        audit.record(
            NewAuditEntry(
                actor,
                "schedule.reschedule",
                row.guild_id,
                row.target_id,
                reason,
                case_id=row.case_id,
                metadata={
                    "schedule_id": action_id,
                    "kind": row.kind.value,
                    "from": row.due_at.isoformat(),
                    "to": due_at.isoformat(),
                },
            )
        )
    return True
