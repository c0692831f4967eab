from dataclasses import dataclass
from datetime import datetime, timedelta

from aegis.storage import models as m
from aegis.storage.session import database

BATCH = 5_000  # delete in slices so a long prune never holds the write lock for long


@dataclass(frozen=True)
class Pruned:
    audit_entries: int
    automod_events: int


def prune(now: datetime, audit_days: int, automod_days: int) -> Pruned:
    """Delete audit entries and automod events older than their retention (0 days keeps them forever)."""
    return Pruned(
        audit_entries=_prune(m.AuditEntry, now - timedelta(days=audit_days)) if audit_days else 0,
        automod_events=_prune(m.AutomodEvent, now - timedelta(days=automod_days)) if automod_days else 0,
    )


def _prune(model, cutoff: datetime) -> int:
    total = 0
    while True:
        with database().atomic():
            ids = [r.id for r in model.select(model.id).where(model.created_at < cutoff).limit(BATCH)]
            if not ids:
                return total
            total += model.delete().where(model.id.in_(ids)).execute()
