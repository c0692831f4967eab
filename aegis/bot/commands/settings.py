"""/settings: the server's moderation settings (mod-log channel, mute role, DMs, warning lifetime, escalation ladder)."""

from datetime import timedelta

import discord
from discord import app_commands

from aegis.bot.commands.common import answer, start
from aegis.bot.snapshots import person, role_snapshot
from aegis.domain.actors import Actor
from aegis.domain.durations import describe
from aegis.domain.guilds import GuildSettings
from aegis.domain.ladder import describe_ladder
from aegis.domain.refusals import Refusal
from aegis.services.settings import guild as guild_settings
from aegis.services.settings.bus import SettingsBus


def summary(settings: GuildSettings) -> str:
    lifetime = describe(timedelta(seconds=settings.warning_lifetime_s)) if settings.warning_lifetime_s else "never"
    return "\n".join(
        [
            "**Moderation settings**",
            f"Mod log: {f'<#{settings.mod_log_channel_id}>' if settings.mod_log_channel_id else 'not set'}",
            f"Mute role: {f'<@&{settings.mute_role_id}>' if settings.mute_role_id else 'not set (/mute is off)'}",
            f"DM members about actions: {'on' if settings.dm_on_action else 'off'}",
            f"Warnings expire after: {lifetime}",
            f"Escalation ladder: {describe_ladder(settings.escalation)}",
        ]
    )


def register(tree: app_commands.CommandTree, bus: SettingsBus) -> None:
    group = app_commands.Group(
        name="settings",
        description="This server's moderation settings.",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    async def reply(interaction: discord.Interaction, result) -> None:
        await answer(interaction, f"⛔ {result}" if isinstance(result, Refusal) else f"✅ Saved.\n{summary(result)}")

    def actor(interaction: discord.Interaction) -> Actor:
        return Actor.moderator(interaction.user.id)

    @group.command(description="Show the current settings.")
    async def show(interaction: discord.Interaction):
        await start(interaction)
        await answer(interaction, summary(await guild_settings.current(interaction.guild_id)))

    @group.command(name="mod-log", description="Where cases are posted; leave empty to stop posting.")
    async def mod_log(interaction: discord.Interaction, channel: discord.TextChannel | None = None):
        await start(interaction)
        await reply(
            interaction,
            await guild_settings.change(
                interaction.guild_id, actor(interaction), bus=bus, mod_log_channel_id=channel.id if channel else None
            ),
        )

    @group.command(
        name="mute-role", description="The role /mute gives (below mine, not @everyone); leave empty to turn /mute off."
    )
    async def mute_role(interaction: discord.Interaction, role: discord.Role | None = None):
        await start(interaction)
        await reply(
            interaction,
            await guild_settings.set_mute_role(
                interaction.guild_id,
                actor(interaction),
                role_snapshot(role) if role else None,
                person(interaction.guild.me),
                bus=bus,
            ),
        )

    @group.command(description="Whether members get a DM when they are warned, timed out, kicked or banned.")
    async def dm(interaction: discord.Interaction, enabled: bool):
        await start(interaction)
        await reply(
            interaction,
            await guild_settings.change(interaction.guild_id, actor(interaction), bus=bus, dm_on_action=enabled),
        )

    @group.command(name="warning-lifetime", description="How long a warning counts, e.g. 30d; or never.")
    async def warning_lifetime(interaction: discord.Interaction, lifetime: str):
        await start(interaction)
        result = await guild_settings.set_warning_lifetime(interaction.guild_id, actor(interaction), lifetime, bus=bus)
        await reply(interaction, result)

    @group.command(description='The ladder, e.g. "3 timeout 1h, 5 kick, 7 ban"; or none.')
    async def escalation(interaction: discord.Interaction, ladder: str):
        await start(interaction)
        result = await guild_settings.set_escalation(interaction.guild_id, actor(interaction), ladder, bus=bus)
        await reply(interaction, result)

    tree.add_command(group)
