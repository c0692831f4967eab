"""/poll: one of Discord's own polls, in this channel."""

import discord
from discord import app_commands

from aegis.bot.commands.common import moderator
from aegis.bot.replies import answer_either
from aegis.services.community import polls
from aegis.services.wording.community import polls as words


def register(tree: app_commands.CommandTree, gateway) -> None:
    @tree.command(description="Post a poll here; Discord counts the votes and closes it on time.")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    @app_commands.describe(
        question=words.DESCRIBE_QUESTION,
        options=words.DESCRIBE_OPTIONS,
        duration=words.DESCRIBE_DURATION,
        multiple=words.DESCRIBE_MULTIPLE,
    )
    async def poll(
        interaction: discord.Interaction,
        question: str,
        options: str,
        duration: str | None = None,
        multiple: bool = False,
    ):
        result = await polls.post(
            interaction.guild_id,
            moderator(interaction),
            interaction.channel_id,
            question,
            options,
            duration,
            multiple,
            gateway,
        )
        await answer_either(interaction, result, words.posted)
