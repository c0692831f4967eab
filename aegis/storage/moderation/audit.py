from dataclasses import dataclass
from datetime import datetime

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.audit import AuditEntry, NewAuditEntry
from aegis.storage import models as m


def record(entry: NewAuditEntry) -> AuditEntry:
    row = m.AuditEntry.create(
        created_at=clock.now(),
        guild_id=entry.guild_id,
        actor_kind=entry.actor.kind.value,
        actor_id=entry.actor.id,
        action=entry.action,
        target_id=entry.target_id,
        reason=entry.reason,
        metadata=entry.metadata,
        case=entry.case_id,
    )
    return to_domain(row)


@dataclass(frozen=True)
class AuditFilter:
    guild_id: int | None = None
    target_id: int | None = None
    actor_kind: ActorKind | None = None
    actor_id: int | None = None
    action: str | None = None
    case_id: int | None = None


def page(filters: AuditFilter = AuditFilter(), *, before_id: int | None = None, limit: int = 50) -> list[AuditEntry]:
    """Newest first, keyset-paged by id, so every page is an index range scan however deep it goes."""
    query = m.AuditEntry.select()
    for name in ("guild_id", "target_id", "actor_id", "action"):
        value = getattr(filters, name)
        if value is not None:
            query = query.where(getattr(m.AuditEntry, name) == value)
    if filters.actor_kind is not None:
        query = query.where(m.AuditEntry.actor_kind == filters.actor_kind.value)
    if filters.case_id is not None:
        query = query.where(m.AuditEntry.case == filters.case_id)
    if before_id is not None:
        query = query.where(m.AuditEntry.id < before_id)
    return [to_domain(row) for row in query.order_by(m.AuditEntry.id.desc()).limit(limit)]


def latest(action: str, actor: Actor) -> datetime | None:
    """When this actor last did this, if ever."""
    A = m.AuditEntry
    where = (A.action == action) & (A.actor_kind == actor.kind.value) & (A.actor_id == actor.id)
    row = A.select(A.created_at).where(where).order_by(A.id.desc()).first()
    return None if row is None else row.created_at


def to_domain(row: m.AuditEntry) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        created_at=row.created_at,
        guild_id=row.guild_id,
        actor_kind=ActorKind(row.actor_kind),
        actor_id=row.actor_id,
        action=row.action,
        target_id=row.target_id,
        reason=row.reason,
        metadata=row.metadata or {},
        case_id=row.case_id,
    )
