"""Retention by kind: audit entries, automod detections and the daily counters, each kept as long as the
deployment's [retention] says or, where a guild set its own, as long as the guild says. Every run is audited
with what it removed."""

from datetime import datetime

from aegis.domain.actors import SYSTEM
from aegis.domain.audit import NewAuditEntry
from aegis.storage import audit, retention
from aegis.storage.session import database


def prune(now: datetime, defaults: dict[str, int]) -> dict[str, int]:
    overrides = retention.guild_overrides()
    deleted = retention.prune(now, defaults, overrides)
    with database().atomic():
        metadata = {"deleted": deleted, "defaults": defaults, "guilds_with_their_own": len(overrides)}
        audit.record(NewAuditEntry(SYSTEM, "retention.prune", metadata=metadata))
    return deleted
