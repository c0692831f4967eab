"""Changing a guild's moderation settings from any front end: validated, stored, audit-logged, announced.

`bus` announces the new version to every bot process; without one (a caller that has none) other
processes notice the change through their database check instead."""

from dataclasses import replace
from datetime import timedelta

from aegis.domain.actors import Actor
from aegis.domain.durations import BadDuration, parse_duration
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.ladder import parse_ladder
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import Person, RoleSnapshot, check_mute_role_choice, check_privilege
from aegis.services.settings.bus import SettingsBus
from aegis.services.wording import settings as words
from aegis.storage import guilds

MAX_WARNING_LIFETIME = timedelta(days=3650)


MANAGE_SERVER = "manage_guild"


async def current(guild_id: int) -> GuildSettings:
    return await db_call(guilds.get_settings, guild_id)


async def show(guild_id: int, actor: Actor) -> GuildSettings | Refusal:
    """What /settings show reads: the settings, for whoever may manage the server."""
    return check_privilege(actor, MANAGE_SERVER, words.READING) or await current(guild_id)


async def change(guild_id: int, actor: Actor, *, bus: SettingsBus | None = None, **changes) -> GuildSettings | Refusal:
    if refusal := check_privilege(actor, MANAGE_SERVER, words.CHANGING):
        return refusal
    saved = await db_call(
        guilds.update_settings, guild_id, actor, lambda current: (replace(current, **changes), "settings.update", None)
    )
    if bus is not None:
        await bus.publish(guild_id, saved.version)
    return saved


async def set_warning_lifetime(
    guild_id: int, actor: Actor, text: str, *, bus: SettingsBus | None = None
) -> GuildSettings | Refusal:
    if refusal := check_privilege(actor, MANAGE_SERVER, words.CHANGING):
        return refusal
    if text.strip().lower() in ("never", "forever", "none"):
        return await change(guild_id, actor, bus=bus, warning_lifetime_s=None)
    lifetime = parse_duration(text, maximum=MAX_WARNING_LIFETIME)
    if isinstance(lifetime, BadDuration):
        return Refusal("duration", words.bad_lifetime(str(lifetime)))
    return await change(guild_id, actor, bus=bus, warning_lifetime_s=int(lifetime.total_seconds()))


async def set_escalation(
    guild_id: int, actor: Actor, text: str, *, bus: SettingsBus | None = None
) -> GuildSettings | Refusal:
    if refusal := check_privilege(actor, MANAGE_SERVER, words.CHANGING):
        return refusal
    ladder = parse_ladder(text)
    if isinstance(ladder, Refusal):
        return ladder
    return await change(guild_id, actor, bus=bus, escalation=ladder)


async def set_mute_role(
    guild_id: int, actor: Actor, role: RoleSnapshot | None, bot: Person, *, bus: SettingsBus | None = None
) -> GuildSettings | Refusal:
    """The role /mute gives; None turns /mute off (mutes in force keep the role they gave, and lose it on time)."""
    if refusal := check_privilege(actor, MANAGE_SERVER, words.CHANGING):
        return refusal
    if role is not None and (refusal := check_mute_role_choice(bot, role)):
        return refusal
    return await change(guild_id, actor, bus=bus, mute_role_id=role.id if role else None)
