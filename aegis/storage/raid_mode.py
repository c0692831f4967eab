"""Raid mode as the operator console reads it: the raids to show, and the guilds one could be switched on in.

The console only writes the raid row (storage.raids, which audits it); a running bot reads the switch from
the database, carries it out on Discord and marks the raid seen, which is how the console knows it has.
"""

from dataclasses import dataclass
from typing import Any

import peewee as pw

from aegis.domain.raids import Raid
from aegis.storage import models as m
from aegis.storage import raids

RECENT_ENDED = 5


@dataclass(frozen=True)
class GuildRow:
    guild_id: int
    name: str
    automod: dict[str, Any] | None  # as stored; the service layer parses it
    active: Raid | None  # its raid, if it is in raid mode already


def shown_raids(recent: int = RECENT_ENDED) -> list[Raid]:
    """Every guild in raid mode (oldest first), then the latest ended ones."""
    R = m.Raid
    ended = R.select().where(R.ended_at.is_null(False)).order_by(R.ended_at.desc(), R.id.desc()).limit(recent)
    return raids.active_raids() + [raids.to_domain(row) for row in ended]


def guild_rows(text: str = "", limit: int = 50) -> list[GuildRow]:
    """Guilds the bot is in whose name contains the text, or whose id starts with it; by name, then id."""
    G = m.Guild
    query = G.select(G.id, G.name).join(m.GuildSettings, pw.JOIN.LEFT_OUTER, on=(m.GuildSettings.guild == G.id))
    query = query.select_extend(m.GuildSettings.automod).where(G.left_at.is_null())
    text = text.strip()
    if text:
        matches = G.name.contains(text)
        if text.isdigit():
            matches |= G.id.cast("text").startswith(text)
        query = query.where(matches)
    rows = list(query.order_by(G.name, G.id).limit(limit).objects())
    active = {r.guild_id: r for r in raids.active_raids()}
    return [GuildRow(r.id, r.name, r.automod, active.get(r.id)) for r in rows]
