"""/stats: the server's last days in numbers, with a sparkline per series."""

import discord
from discord import app_commands

from aegis.bot.commands.common import answer, start
from aegis.domain.refusals import Refusal
from aegis.services.stats.report import MAX_DAYS, report
from aegis.services.wording.stats import stats_reply


def register(tree: app_commands.CommandTree) -> None:
    @tree.command(description="The server's messages, joins, cases and automod detections over the last days.")
    @app_commands.guild_only()
    @app_commands.default_permissions(moderate_members=True)
    @app_commands.describe(days=f"How many days back, 1 to {MAX_DAYS} (default 14).")
    async def stats(interaction: discord.Interaction, days: app_commands.Range[int, 1, MAX_DAYS] = 14):
        await start(interaction)
        found = await report(interaction.guild_id, days)
        await answer(interaction, f"⛔ {found}" if isinstance(found, Refusal) else stats_reply(found, days))
