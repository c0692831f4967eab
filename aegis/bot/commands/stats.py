"""/stats: the server's last days in numbers, with a sparkline per series."""

import discord
from discord import app_commands

from aegis.bot.commands.common import moderator
from aegis.bot.replies import answer_either
from aegis.services.stats.report import MAX_DAYS, report
from aegis.services.wording.stats import DESCRIBE_DAYS, stats_reply


def register(tree: app_commands.CommandTree) -> None:
    @tree.command(description="The server's messages, joins, cases and automod detections over the last days.")
    @app_commands.guild_only()
    @app_commands.default_permissions(moderate_members=True)
    @app_commands.describe(days=DESCRIBE_DAYS)
    async def stats(interaction: discord.Interaction, days: app_commands.Range[int, 1, MAX_DAYS] = 14):
        found = await report(interaction.guild_id, days, actor=moderator(interaction))
        await answer_either(interaction, found, lambda r: stats_reply(r, days))
