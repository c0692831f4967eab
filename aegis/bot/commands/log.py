"""/log set TYPE #channel, /log off TYPE, /log show: which server events are logged where."""

import discord
from discord import app_commands

from aegis.bot.commands.common import moderator
from aegis.bot.replies import answer_either
from aegis.services.logs import settings as logs
from aegis.services.logs.kinds import KINDS
from aegis.services.settings.bus import SettingsBus
from aegis.services.wording import logs as words

TYPES = [app_commands.Choice(name=kind, value=kind) for kind in KINDS]


def register(tree: app_commands.CommandTree, bus: SettingsBus) -> None:
    group = app_commands.Group(
        name="log",
        description="Which server events are logged, and where.",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @group.command(name="set", description="Log one type of event in a channel.")
    @app_commands.describe(type=words.DESCRIBE_KIND, channel=words.DESCRIBE_CHANNEL)
    @app_commands.choices(type=TYPES)
    async def set_(interaction: discord.Interaction, type: app_commands.Choice[str], channel: discord.TextChannel):
        saved = await logs.set_channel(interaction.guild_id, moderator(interaction), type.value, channel.id, bus=bus)
        await answer_either(interaction, saved, lambda _: words.logged_in(type.value, channel.id))

    @group.command(name="off", description="Stop logging one type of event.")
    @app_commands.describe(type=words.DESCRIBE_KIND)
    @app_commands.choices(type=TYPES)
    async def off(interaction: discord.Interaction, type: app_commands.Choice[str]):
        saved = await logs.set_channel(interaction.guild_id, moderator(interaction), type.value, None, bus=bus)
        await answer_either(interaction, saved, lambda _: words.turned_off(type.value))

    @group.command(name="show", description="Every event log type and where it goes.")
    async def show(interaction: discord.Interaction):
        hours = interaction.client.config.retention.message_content_hours  # the deployment's, under the guild's
        setup = await logs.show(interaction.guild_id, moderator(interaction), hours)
        await answer_either(interaction, setup, lambda s: words.summary(s.channels, s.content_hours))

    tree.add_command(group)
