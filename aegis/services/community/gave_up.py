"""A delayed autorole or a scheduled announcement that could not be done: the server's mod log is told why, so a
moderator can fix the role or the channel (the scheduled action keeps the same reason as its last error)."""

import logging

from aegis.domain.moderation.schedule import ScheduledAction, ScheduleKind
from aegis.services.dbcall import db_call
from aegis.services.ports import DiscordCallFailed
from aegis.services.wording.community import gave_up as words
from aegis.storage import guilds

log = logging.getLogger("aegis.community")


async def tell_mod_log(gateway, action: ScheduledAction, error: str) -> None:
    settings = await db_call(guilds.get_settings, action.guild_id)
    if not settings.mod_log_channel_id:
        return
    if action.kind is ScheduleKind.AUTOROLE:
        text = words.autorole_failed(action.payload["role_id"], action.target_id, error)
    else:
        text = words.announcement_failed(action.id, action.payload["channel_id"], error)
    try:
        await gateway.post(settings.mod_log_channel_id, text)
    except DiscordCallFailed as exc:
        log.warning("guild=%s: could not tell the mod log that %s failed: %s", action.guild_id, action.kind, exc)
