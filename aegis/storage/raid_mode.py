"""Raid mode as the operator console sees and switches it.

The console only writes the raid row (storage.raids, which audits it); a running bot reads the switch from
the database, carries it out on Discord and marks the raid seen, which is how the console knows it has.
"""

from dataclasses import dataclass
from datetime import timedelta

import peewee as pw

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.raids import Raid, RaidAction, RaidTrigger
from aegis.storage import models as m
from aegis.storage import raids
from aegis.storage.records import activity

RECENT_ENDED = 5


@dataclass(frozen=True)
class GuildRaid:
    raid: Raid
    guild_name: str  # "" while the bot has not told us


@dataclass(frozen=True)
class RaidMode:
    raids: list[GuildRaid]  # every guild in raid mode (oldest first), then the latest ended ones
    bots_alive: int  # nothing takes a switch up while this is 0


@dataclass(frozen=True)
class RaidPlan:
    """What raid mode would do in a guild: its automod join_rate settings."""

    action: RaidAction
    timeout_seconds: int
    hold_role_id: int
    problems: tuple[str, ...]  # what is wrong with those settings, as automod reports it


@dataclass(frozen=True)
class GuildChoice:
    guild_id: int
    name: str
    plan: RaidPlan
    active: Raid | None  # its raid, if it is in raid mode already


def raid_mode(alive_within: timedelta, recent: int = RECENT_ENDED) -> RaidMode:
    R = m.Raid
    ended = R.select().where(R.ended_at.is_null(False)).order_by(R.ended_at.desc(), R.id.desc()).limit(recent)
    found = raids.active_raids() + [raids.to_domain(row) for row in ended]
    names = _names({r.guild_id for r in found})
    alive = len(activity.heartbeats(clock.now() - alive_within))
    return RaidMode([GuildRaid(r, names.get(r.guild_id, "")) for r in found], alive)


def guild_choices(text: str = "", limit: int = 50) -> list[GuildChoice]:
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
    return [GuildChoice(r.id, r.name, plan_of(r.automod), active.get(r.id)) for r in rows]


def plan_of(automod: dict | None) -> RaidPlan:
    """Read with automod's own parser (which never raises), so the console and the bot agree."""
    from aegis.services.automod.settings import parse_settings

    parsed = parse_settings(automod)
    rule = parsed.settings.rule("join_rate")
    problems = tuple(p for p in parsed.errors if p.startswith("join_rate"))
    return RaidPlan(RaidAction(rule.raid_action), rule.timeout_seconds, rule.hold_role_id, problems)


def switch_on(guild_id: int, action: RaidAction, actor: Actor, reason: str) -> bool:
    """False if the guild was in raid mode already (nothing written)."""
    _, opened = raids.start(guild_id, RaidTrigger.CONSOLE, action, actor, reason)
    return opened


def switch_off(raid_id: int, actor: Actor, reason: str) -> bool:
    """False if the raid had ended already (nothing written)."""
    return raids.end(raid_id, actor, reason) is not None


def _names(guild_ids: set[int]) -> dict[int, str]:
    if not guild_ids:
        return {}
    return {g.id: g.name for g in m.Guild.select(m.Guild.id, m.Guild.name).where(m.Guild.id.in_(guild_ids))}
