"""/log set, /log off, /log show: which events a server logs where, for whoever may manage the server (checked
here again, whatever Discord let through). Each change is a settings change: audited, versioned, announced."""

from dataclasses import dataclass, replace

from aegis.domain.actors import Actor
from aegis.domain.guilds import GuildSettings
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.logs.kinds import KINDS, MODERATION
from aegis.services.logs.routes import content_hours
from aegis.services.moderation.checks import check_privilege
from aegis.services.settings.bus import SettingsBus
from aegis.services.settings.guild import MANAGE_SERVER
from aegis.services.wording import logs as words
from aegis.storage import guilds


@dataclass(frozen=True, slots=True)
class LogSetup:
    channels: dict[str, int]  # kind → channel, the moderation log included
    content_hours: int


def setup_of(settings: GuildSettings, default_hours: int = 24) -> LogSetup:
    channels = dict(settings.logs)
    if settings.mod_log_channel_id:
        channels[MODERATION] = settings.mod_log_channel_id
    return LogSetup(channels, content_hours(settings, default_hours))


async def show(guild_id: int, actor: Actor, default_hours: int = 24) -> LogSetup | Refusal:
    if refusal := check_privilege(actor, MANAGE_SERVER, words.READING):
        return refusal
    return setup_of(await db_call(guilds.get_settings, guild_id), default_hours)


async def set_channel(
    guild_id: int, actor: Actor, kind: str, channel_id: int | None, *, bus: SettingsBus | None = None
) -> GuildSettings | Refusal:
    """`channel_id` None turns the log off."""
    if refusal := check_privilege(actor, MANAGE_SERVER, words.CHANGING):
        return refusal
    if kind not in KINDS:
        return Refusal("log_kind", words.unknown_kind(kind))

    def change(current: GuildSettings):
        details = {"log": kind, "channel_id": channel_id}
        if kind == MODERATION:
            return replace(current, mod_log_channel_id=channel_id), "logs.set" if channel_id else "logs.off", details
        logs = {k: v for k, v in current.logs.items() if k != kind}
        if channel_id is not None:
            logs[kind] = channel_id
        return replace(current, logs=logs), "logs.set" if channel_id else "logs.off", details

    saved = await db_call(guilds.update_settings, guild_id, actor, change)
    if bus is not None and not isinstance(saved, Refusal):
        await bus.publish(guild_id, saved.version)
    return saved
