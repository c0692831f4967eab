"""Deleting what is older than its retention, kind by kind and guild by guild."""

from datetime import datetime, timedelta

import peewee as pw

from aegis.storage import models as m
from aegis.storage.session import database

BATCH = 5_000  # delete in slices so a long prune never holds the write lock for long
# kind → (model, its guild column, its time column); cases are never pruned
KINDS = {
    "audit_days": (m.AuditEntry, m.AuditEntry.guild_id, m.AuditEntry.created_at),
    "automod_days": (m.AutomodEvent, m.AutomodEvent.guild, m.AutomodEvent.created_at),
    "counters_days": (m.DailyCounter, m.DailyCounter.guild, m.DailyCounter.day),
    "message_content_hours": (m.LoggedMessage, m.LoggedMessage.guild_id, m.LoggedMessage.created_at),
}
# Kept in hours, and 0 keeps none: message content is there for the event logs only, never for good.
HOURLY = frozenset({"message_content_hours"})


def guild_overrides() -> dict[int, dict[str, int]]:
    """The guilds that keep some kind longer or shorter than the deployment does."""
    G = m.GuildSettings
    rows = G.select(G.guild, G.retention).where(G.retention.is_null(False)).tuples()
    return {guild_id: days for guild_id, days in rows if days}


def prune(
    now: datetime, defaults: dict[str, int], overrides: dict[int, dict[str, int]], kinds=tuple(KINDS)
) -> dict[str, int]:
    """Rows deleted per kind. `defaults` and each guild's overrides give days (hours for HOURLY kinds) per kind;
    0 keeps them forever (none at all for HOURLY kinds)."""
    deleted = {}
    for kind in (k for k in kinds if k in defaults):
        model, guild, when = KINDS[kind]
        special = {g: days[kind] for g, days in overrides.items() if kind in days}
        total = 0
        for guild_id, days in special.items():
            if days or kind in HOURLY:
                total += _prune(model, (guild == guild_id) & (when < _cutoff(now, days, when, kind)))
        if defaults[kind] or kind in HOURLY:
            where = when < _cutoff(now, defaults[kind], when, kind)
            if special:
                where &= guild.is_null() | guild.not_in(list(special))
            total += _prune(model, where)
        deleted[kind] = total
    return deleted


def _cutoff(now: datetime, days: int, column: pw.Field, kind: str):
    cutoff = now - (timedelta(hours=days) if kind in HOURLY else timedelta(days=days))
    return cutoff.date() if isinstance(column, pw.DateField) else cutoff


def _prune(model, where) -> int:
    total = 0
    while True:
        with database().atomic():
            ids = [r.id for r in model.select(model.id).where(where).limit(BATCH)]
            if not ids:
                return total
            total += model.delete().where(model.id.in_(ids)).execute()
