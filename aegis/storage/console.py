"""The operator console's read side, and the few writes an operator makes from it.

Every list is newest first and keyset-paged. A filter that an index serves pages without bound; a filter
that no index serves (free text, a status, a member without a guild, two filters at once) scans a window
of at most `window` ids or case numbers below the cursor, so no page ever walks the whole table.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

import peewee as pw

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.members import Names
from aegis.domain.moderation.audit import AuditEntry, NewAuditEntry
from aegis.domain.moderation.cases import Case, CaseStatus, CaseType, UnreadableCase
from aegis.domain.moderation.schedule import ScheduledAction, ScheduleState
from aegis.domain.records import AutomodEvent, BotHeartbeat
from aegis.storage import models as m
from aegis.storage.moderation import audit, schedule
from aegis.storage.moderation import cases as case_store
from aegis.storage.records import activity
from aegis.storage.session import database

SCAN_WINDOW = 20_000
T = TypeVar("T")


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


def cases_page(
    f: CaseFilter, cursor: int | None = None, *, limit: int = 100, window: int = SCAN_WINDOW
) -> Page[Case | UnreadableCase]:
    """Cursor is a case number when a guild is chosen (the guild's indexes end in number), an id otherwise."""
    C = m.Case
    key = C.number if f.guild_id is not None else C.id
    query = _readable_select().where(*_case_conditions(f, clock.now()))
    if cursor is not None:
        query = query.where(key < cursor)
    bounded = not f.indexed
    if bounded:
        top = cursor if cursor is not None else _max(key, C.guild == f.guild_id if f.guild_id else None) + 1
        floor = top - window
        query = query.where(key >= floor)
    rows = [_read_case(r) for r in query.order_by(key.desc()).limit(limit)]
    if len(rows) == limit:
        next_cursor = rows[-1].number if f.guild_id is not None else rows[-1].id
    elif bounded and floor > 1:
        next_cursor = floor
    else:
        next_cursor = None
    return Page(rows, next_cursor, window if bounded else None)


def case_by_id(case_id: int) -> Case | UnreadableCase | None:
    row = _readable_select().where(m.Case.id == case_id).first()
    return None if row is None else _read_case(row)


def _readable_select() -> pw.ModelSelect:
    """Every column, with the metadata as its raw text: a row whose JSON is malformed still reads."""
    C = m.Case
    columns = [field for field in C._meta.sorted_fields if field is not C.metadata]
    return C.select(*columns, C.metadata.cast("TEXT").alias("metadata_raw"))


def _read_case(row: m.Case) -> Case | UnreadableCase:
    metadata_readable = True
    try:
        row.metadata = json.loads(row.metadata_raw) if row.metadata_raw is not None else {}
    except ValueError as exc:
        metadata_readable, error = False, f"metadata is not JSON ({exc})"
    else:
        try:
            return case_store.to_domain(row)
        except ValueError as exc:  # an enum this version does not know
            error = str(exc)
    return UnreadableCase(
        row.id,
        row.guild_id,
        row.number,
        row.type,
        row.target_id,
        row.moderator_id,
        row.actor_kind,
        row.reason,
        row.created_at,
        f"case #{row.number} in guild {row.guild_id}: {error}",
        metadata_readable,
    )


def names(guild_ids: set[int], user_ids: set[int]) -> Names:
    G, U = m.Guild, m.User
    guilds = G.select(G.id, G.name).where(G.id.in_(guild_ids), G.name != "") if guild_ids else []
    users = U.select(U.id, U.name).where(U.id.in_(user_ids), U.name != "") if user_ids else []
    return Names({g.id: g.name for g in guilds}, {u.id: u.name for u in users})


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


def case_numbers(case_ids: set[int]) -> dict[int, int]:
    if not case_ids:
        return {}
    return {row.id: row.number for row in m.Case.select(m.Case.id, m.Case.number).where(m.Case.id.in_(case_ids))}


@dataclass(frozen=True)
class GuildAutomod:
    guild_id: int
    guild_name: str
    automod: dict[str, Any]  # as stored; services.automod.settings parses it


def automod_events(limit: int = 200) -> list[AutomodEvent]:
    return activity.recent_automod_events(limit=limit)


def automod_settings(limit: int = 1000) -> list[GuildAutomod]:
    G = m.GuildSettings
    rows = G.select(G.automod, m.Guild.id, m.Guild.name).join(m.Guild).order_by(G.guild).limit(limit)
    return [GuildAutomod(row.guild.id, row.guild.name, row.automod or {}) for row in rows]


def heartbeats(within: timedelta = timedelta(hours=1)) -> list[BotHeartbeat]:
    return activity.heartbeats(clock.now() - within)


def ping() -> None:
    database().execute_sql("SELECT 1").fetchone()


# --- operator actions: each writes its change and its audit entry in one transaction ---


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
