"""Every saved version of a guild's settings, whole, so a change can be listed, diffed and undone."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.guilds import GuildSettings
from aegis.storage import models as m


@dataclass(frozen=True, slots=True)
class Revision:
    guild_id: int
    version: int
    settings: dict[str, Any]
    action: str
    actor: Actor
    created_at: datetime


def record(saved: GuildSettings, actor: Actor, action: str) -> None:
    """Called inside the transaction that saves the settings, so a version never exists without its revision."""
    m.SettingsRevision.insert(
        guild=saved.guild_id,
        version=saved.version,
        settings=saved.to_data(),
        action=action,
        actor_kind=actor.kind.value,
        actor_id=actor.id,
        created_at=clock.now(),
    ).execute()


def history(guild_id: int) -> list[Revision]:
    R = m.SettingsRevision
    return [_to_domain(r) for r in R.select().where(R.guild == guild_id).order_by(R.version)]


def get(guild_id: int, version: int) -> Revision | None:
    R = m.SettingsRevision
    row = R.get_or_none((R.guild == guild_id) & (R.version == version))
    return row and _to_domain(row)


def _to_domain(row: m.SettingsRevision) -> Revision:
    actor = Actor(ActorKind(row.actor_kind), row.actor_id)
    return Revision(row.guild_id, row.version, row.settings, row.action, actor, row.created_at)
