"""Telling people about an action: the mod log channel and the member's DMs. Neither ever undoes an action."""

import logging
from dataclasses import dataclass

from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.cases import Case
from aegis.services.ports import DiscordCallFailed, DiscordGateway
from aegis.services.wording import moderation as wording

log = logging.getLogger("aegis.moderation")


@dataclass
class Notifier:
    gateway: DiscordGateway

    async def dm(self, case: Case, guild_name: str) -> list[str]:
        """The notes for the moderator: empty when the member got the DM."""
        try:
            delivered = await self.gateway.direct_message(case.target_id, wording.direct_message(case, guild_name))
        except DiscordCallFailed:
            delivered = False
        return [] if delivered else ["I could not DM them (their DMs are closed); the action went ahead."]

    async def correct(self, case: Case, guild_name: str) -> None:
        """The DM that went before a kick or ban, taken back: Discord refused the action."""
        try:
            await self.gateway.direct_message(case.target_id, wording.correction(case, guild_name))
        except DiscordCallFailed:
            pass  # they could read the first DM; if this one cannot reach them there is nothing else to try

    async def mod_log(self, settings: GuildSettings, text: str) -> None:
        if not settings.mod_log_channel_id:
            return
        try:
            await self.gateway.post(settings.mod_log_channel_id, text)
        except DiscordCallFailed as exc:  # the action happened; a missing log line must not undo or hide it
            log.warning(
                "mod log post failed guild=%s channel=%s: %s", settings.guild_id, settings.mod_log_channel_id, exc
            )
