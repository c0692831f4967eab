"""/announce: a post to a channel, now or later, once or repeating."""

import discord
from discord import app_commands

from aegis.bot.commands.common import moderator
from aegis.bot.replies import answer_either
from aegis.services.community.announcements import Announcer
from aegis.services.wording.community import announcements as words


def register(tree: app_commands.CommandTree, announcer: Announcer) -> None:
    group = app_commands.Group(
        name="announcements",
        description="Announcements waiting to be posted.",
        guild_only=True,
        default_permissions=discord.Permissions(manage_messages=True),
    )

    @tree.command(description="Post an announcement now, or at a time, once or repeating.")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    @app_commands.describe(
        channel=words.DESCRIBE_CHANNEL,
        text=words.DESCRIBE_TEXT,
        at=words.DESCRIBE_AT,
        repeat=words.DESCRIBE_REPEAT,
        everyone=words.DESCRIBE_EVERYONE,
    )
    async def announce(
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        text: str,
        at: str | None = None,
        repeat: str | None = None,
        everyone: bool = False,
    ):
        result = await announcer.announce(
            interaction.guild_id, moderator(interaction), channel.id, text, at, repeat, everyone
        )
        await answer_either(interaction, result, words.result)

    @group.command(name="list", description="Announcements waiting to be posted.")
    async def list_(interaction: discord.Interaction):
        await answer_either(
            interaction, await announcer.pending(interaction.guild_id, moderator(interaction)), words.listing
        )

    @group.command(description="Cancel a waiting announcement.")
    @app_commands.describe(number=words.DESCRIBE_ID)
    async def cancel(interaction: discord.Interaction, number: int):
        result = await announcer.cancel(interaction.guild_id, moderator(interaction), number)
        await answer_either(interaction, result, words.cancelled)

    tree.add_command(group)
