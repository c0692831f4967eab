import logging
import weakref
from collections.abc import Callable

import peewee as pw

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.refusals import Refusal
from aegis.storage import models as m
from aegis.storage.moderation import audit
from aegis.storage.records import settings_history
from aegis.storage.session import database

log = logging.getLogger("aegis.settings")

# Guild rows known to be committed, per database: every automod event and case names its guild, and a burst of
# them would otherwise spend a statement each on a row that exists. Rows are never deleted while Aegis runs.
_committed: "weakref.WeakKeyDictionary[pw.Database, set[int]]" = weakref.WeakKeyDictionary()


def ensure_guild(guild_id: int, name: str | None = None) -> None:
    """Create the guild's row if it is new; safe to call from several processes at once."""
    db = database()
    known = _committed.setdefault(db, set())
    if name is None and guild_id in known:
        return
    row = {"id": guild_id, "name": name or "", "joined_at": clock.now()}
    m.Guild.insert(row).on_conflict_ignore().execute()
    if name:
        m.Guild.update(name=name).where((m.Guild.id == guild_id) & (m.Guild.name != name)).execute()
    if not db.in_transaction():  # inside one, a rollback could still take the row away
        known.add(guild_id)


def get_settings(guild_id: int) -> GuildSettings:
    row = m.GuildSettings.get_or_none(m.GuildSettings.guild == guild_id)
    return GuildSettings(guild_id=guild_id) if row is None else _to_domain(row)


def versions(guild_ids: list[int]) -> dict[int, int]:
    """Each guild's settings version (0 before anything was saved): how other processes notice a change."""
    found = {gid: 0 for gid in guild_ids}
    query = m.GuildSettings.select(m.GuildSettings.guild, m.GuildSettings.version).where(
        m.GuildSettings.guild.in_(guild_ids)
    )
    found.update({row.guild_id: row.version for row in query})
    return found


def save_settings(
    settings: GuildSettings,
    actor: Actor,
    reason: str | None = None,
    *,
    action: str = "settings.update",
    details: dict | None = None,
) -> GuildSettings:
    """Store the settings with a bumped version and an audit entry saying what changed (`details` adds the
    caller's own account of it, e.g. which automod setting went from what to what)."""
    with database().atomic():
        ensure_guild(settings.guild_id)
        before = get_settings(settings.guild_id)
        fields = _to_row(settings)
        fields["version"] = before.version + 1
        fields["updated_at"] = clock.now()
        m.GuildSettings.insert(guild=settings.guild_id, **fields).on_conflict(
            conflict_target=[m.GuildSettings.guild], update=fields
        ).execute()
        saved = get_settings(settings.guild_id)
        changed = {k: v for k, v in _to_row(saved).items() if _to_row(before).get(k) != v}
        settings_history.record(saved, actor, action)
        audit.record(
            NewAuditEntry(
                actor,
                action,
                settings.guild_id,
                reason=reason,
                metadata={**(details or {}), "changed": changed, "version": saved.version},
            )
        )
    log.info("settings changed", extra={"fields": _change_fields(saved, actor, action, changed)})
    return saved


def _change_fields(saved: GuildSettings, actor: Actor, action: str, changed: dict) -> dict:
    return {
        "event": action,
        "guild": saved.guild_id,
        "version": saved.version,
        "actor": f"{actor.kind}:{actor.id}" if actor.id else str(actor.kind),
        "changed": ",".join(sorted(changed)),
    }


Change = Callable[[GuildSettings], "tuple[GuildSettings, str, dict] | Refusal | None"]


def update_settings(guild_id: int, actor: Actor, change: Change) -> GuildSettings | Refusal | None:
    """Read, change and save a guild's settings as one step: `change(current)` returns the new settings with
    the audit action and details, a Refusal (nothing is stored), or None (nothing to store). Two changes at
    once, from any processes, apply one after the other instead of the later overwriting the earlier."""
    with database().atomic():
        ensure_guild(guild_id)
        _lock_guild(guild_id)
        outcome = change(get_settings(guild_id))
        if outcome is None or isinstance(outcome, Refusal):
            return outcome
        settings, action, details = outcome
        return save_settings(settings, actor, action=action, details=details)


def _lock_guild(guild_id: int) -> None:
    # SQLite's writers already queue (transactions take the lock when they begin); Postgres needs the row lock.
    if isinstance(database(), pw.PostgresqlDatabase):
        m.Guild.select(m.Guild.id).where(m.Guild.id == guild_id).for_update().execute()


def _to_row(settings: GuildSettings) -> dict:
    return settings.to_data()


def _to_domain(row: m.GuildSettings) -> GuildSettings:
    data = {name: getattr(row, name) for name in GuildSettings(row.guild_id).to_data()}
    return GuildSettings.from_data(row.guild_id, data, row.version)
