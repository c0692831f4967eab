"""The command tree every slash command goes through: acknowledge at once, then the replay and rate-limit checks,
and the one place where a command's crash becomes a reply."""

import logging

import discord
from discord import app_commands

from aegis.bot.failures import failure_text
from aegis.bot.replies import answer
from aegis.services.automod.settings_source import AutomodSettingsSource
from aegis.services.ratelimit import RateLimiter
from aegis.services.ratelimit.pacing import limiter_hit
from aegis.services.wording import commands as words

log = logging.getLogger("aegis.bot")
REMEMBERED = 4096  # interaction ids kept to recognise a replay


class AegisTree(app_commands.CommandTree):
    """Ignores a replayed interaction (a resumed gateway may deliver one twice); keeps members to the server's
    `commands` bucket."""

    def __init__(self, client, limiter: RateLimiter, settings: AutomodSettingsSource):
        super().__init__(client)
        self.limiter = limiter
        self.settings = settings
        self._seen: dict[int, None] = {}

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        # discord.py hands only AppCommandErrors to on_error; anything else raised here would end its task unseen.
        try:
            return await self._admit(interaction)
        except app_commands.AppCommandError:
            raise
        except Exception as exc:
            raise app_commands.AppCommandError(f"checking the command failed: {exc!r}") from exc

    async def _admit(self, interaction: discord.Interaction) -> bool:
        if interaction.id in self._seen:
            return False
        self._seen[interaction.id] = None
        if len(self._seen) > REMEMBERED:
            self._seen.pop(next(iter(self._seen)))
        if interaction.type is discord.InteractionType.autocomplete:
            return True  # typing in an option is not running a command, and cannot be answered with a message
        # Discord wants the acknowledgement within 3 s; the settings and the limiter below may take longer (a slow
        # database, Redis far away), so acknowledge first. Every reply is private, and so is the "thinking…".
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = interaction.guild_id or 0
        if guild_id and not self.settings.loaded(guild_id):
            await self.settings.load_or_defaults(guild_id)  # once per guild and process; then a dictionary lookup
        spec = self.settings.bucket(guild_id, "commands")
        decision = await limiter_hit(self.limiter, "commands", spec.key(guild_id, interaction.user.id), spec)
        if not decision.allowed:
            await answer(interaction, words.too_fast(max(1, round(decision.retry_after + 0.49))))
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.CheckFailure):
            return
        command = getattr(interaction.command, "name", "?")
        log.error("command=%s guild=%s failed", command, interaction.guild_id, exc_info=error)
        try:
            await answer(interaction, failure_text(error) or words.CRASHED)
        except Exception as exc:  # an error reply that fails must not become "Task exception was never retrieved"
            log.error(
                "command=%s guild=%s: could not tell the moderator it failed: %s: %s",
                command,
                interaction.guild_id,
                type(exc).__name__,
                exc,
                exc_info=exc,
            )
