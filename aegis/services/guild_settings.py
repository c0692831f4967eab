"""Changing a guild's moderation settings from any front end: validated, stored, audit-logged."""

from dataclasses import replace
from datetime import timedelta

from aegis.domain.actors import Actor
from aegis.domain.durations import BadDuration, parse_duration
from aegis.domain.guilds import GuildSettings
from aegis.domain.ladder import parse_ladder
from aegis.domain.refusals import Refusal
from aegis.services.checks import Person, RoleSnapshot, check_mute_role_choice
from aegis.services.dbcall import db_call
from aegis.storage import guilds

MAX_WARNING_LIFETIME = timedelta(days=3650)


async def current(guild_id: int) -> GuildSettings:
    return await db_call(guilds.get_settings, guild_id)


async def change(guild_id: int, actor: Actor, **changes) -> GuildSettings:
    settings = await db_call(guilds.get_settings, guild_id)
    return await db_call(guilds.save_settings, replace(settings, **changes), actor)


async def set_warning_lifetime(guild_id: int, actor: Actor, text: str) -> GuildSettings | Refusal:
    if text.strip().lower() in ("never", "forever", "none"):
        return await change(guild_id, actor, warning_lifetime_s=None)
    lifetime = parse_duration(text, maximum=MAX_WARNING_LIFETIME)
    if isinstance(lifetime, BadDuration):
        return Refusal("duration", f"{lifetime}; or write never.")
    return await change(guild_id, actor, warning_lifetime_s=int(lifetime.total_seconds()))


async def set_escalation(guild_id: int, actor: Actor, text: str) -> GuildSettings | Refusal:
    ladder = parse_ladder(text)
    if isinstance(ladder, Refusal):
        return ladder
    return await change(guild_id, actor, escalation=ladder)


async def set_mute_role(guild_id: int, actor: Actor, role: RoleSnapshot | None, bot: Person) -> GuildSettings | Refusal:
    """The role /mute gives; None turns /mute off (mutes in force keep the role they gave, and lose it on time)."""
    if role is not None and (refusal := check_mute_role_choice(bot, role)):
        return refusal
    return await change(guild_id, actor, mute_role_id=role.id if role else None)
