"""Retention by kind: audit entries, automod detections, the daily counters and logged message content, each kept as long as the
deployment's [retention] says or, where a guild set its own, as long as the guild says. Every run is audited
with what it removed (the hourly run for message content only when it removed something)."""

from datetime import datetime

from aegis.domain.actors import SYSTEM
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.storage.moderation import audit
from aegis.storage.records import retention
from aegis.storage.session import database


def prune(now: datetime, defaults: dict[str, int], kinds=tuple(retention.KINDS)) -> dict[str, int]:
    overrides = retention.guild_overrides()
    deleted = retention.prune(now, defaults, overrides, kinds)
    if kinds != tuple(retention.KINDS) and not any(deleted.values()):
        return deleted  # the hourly run of one kind is audited when it removed something
    with database().atomic():
        metadata = {"deleted": deleted, "defaults": defaults, "guilds_with_their_own": len(overrides)}
        audit.record(NewAuditEntry(SYSTEM, "retention.prune", metadata=metadata))
    return deleted
