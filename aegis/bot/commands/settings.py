"""/settings: the server's moderation settings (mod-log channel, mute role, DMs, warning lifetime, escalation ladder)."""

import discord
from discord import app_commands

from aegis.bot.commands.common import moderator
from aegis.bot.replies import answer_either
from aegis.bot.snapshots import person, role_snapshot
from aegis.services.settings import guild as guild_settings
from aegis.services.settings.bus import SettingsBus
from aegis.services.wording import settings as words


def register(tree: app_commands.CommandTree, bus: SettingsBus) -> None:
    group = app_commands.Group(
        name="settings",
        description="This server's moderation settings.",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    async def reply(interaction: discord.Interaction, result) -> None:
        await answer_either(interaction, result, words.saved)

    @group.command(description="Show the current settings.")
    async def show(interaction: discord.Interaction):
        await answer_either(
            interaction, await guild_settings.show(interaction.guild_id, moderator(interaction)), words.summary
        )

    @group.command(name="mod-log", description="Where cases are posted; leave empty to stop posting.")
    async def mod_log(interaction: discord.Interaction, channel: discord.TextChannel | None = None):
        await reply(
            interaction,
            await guild_settings.change(
                interaction.guild_id,
                moderator(interaction),
                bus=bus,
                mod_log_channel_id=channel.id if channel else None,
            ),
        )

    @group.command(
        name="mute-role", description="The role /mute gives (below mine, not @everyone); leave empty to turn /mute off."
    )
    async def mute_role(interaction: discord.Interaction, role: discord.Role | None = None):
        await reply(
            interaction,
            await guild_settings.set_mute_role(
                interaction.guild_id,
                moderator(interaction),
                role_snapshot(role) if role else None,
                person(interaction.guild.me),
                bus=bus,
            ),
        )

    @group.command(description="Whether members get a DM when they are warned, timed out, kicked or banned.")
    async def dm(interaction: discord.Interaction, enabled: bool):
        await reply(
            interaction,
            await guild_settings.change(interaction.guild_id, moderator(interaction), bus=bus, dm_on_action=enabled),
        )

    @group.command(name="warning-lifetime", description="How long a warning counts, e.g. 30d; or never.")
    async def warning_lifetime(interaction: discord.Interaction, lifetime: str):
        result = await guild_settings.set_warning_lifetime(
            interaction.guild_id, moderator(interaction), lifetime, bus=bus
        )
        await reply(interaction, result)

    @group.command(description='The ladder, e.g. "3 timeout 1h, 5 kick, 7 ban"; or none.')
    async def escalation(interaction: discord.Interaction, ladder: str):
        result = await guild_settings.set_escalation(interaction.guild_id, moderator(interaction), ladder, bus=bus)
        await reply(interaction, result)

    tree.add_command(group)
