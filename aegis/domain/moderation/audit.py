from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aegis.domain.actors import Actor, ActorKind


@dataclass(frozen=True, slots=True)
class NewAuditEntry:
    actor: Actor
    action: str  # dotted verb, e.g. "case.create", "case.reason", "schedule.cancel", "automod.settings"
    guild_id: int | None = None
    target_id: int | None = None
    reason: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    case_id: int | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    created_at: datetime
    guild_id: int | None
    actor_kind: ActorKind
    actor_id: int | None
    action: str
    target_id: int | None
    reason: str | None
    metadata: dict[str, Any]
    case_id: int | None
