"""Raid mode as the operator console sees and switches it: which guilds are in it, what it would do in a guild
(its automod join_rate settings, read with automod's own parser), and the operator's switch."""

from dataclasses import dataclass
from datetime import timedelta

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.raids import Raid, RaidAction, RaidTrigger
from aegis.services.automod.settings import parse_settings
from aegis.storage import console, raid_mode, raids
from aegis.storage.records import activity


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


def current(alive_within: timedelta) -> RaidMode:
    found = raid_mode.shown_raids()
    names = console.names({r.guild_id for r in found}, set()).guilds
    alive = sum(bot.stopped_at is None for bot in activity.heartbeats(clock.now() - alive_within))
    return RaidMode([GuildRaid(r, names.get(r.guild_id, "")) for r in found], alive)


def guild_choices(text: str = "", limit: int = 50) -> list[GuildChoice]:
    """Guilds the bot is in whose name contains the text, or whose id starts with it; by name, then id."""
    return [GuildChoice(g.guild_id, g.name, plan_of(g.automod), g.active) for g in raid_mode.guild_rows(text, limit)]


def plan_of(automod: dict | None) -> RaidPlan:
    """Read with automod's own parser (which never raises), so the console and the bot agree."""
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
