"""/mydata: a member asks for everything Aegis keeps about them, sent by DM."""

import discord
from discord import app_commands

from aegis.bot.commands.common import answer, start
from aegis.domain.refusals import Refusal
from aegis.services.data.requests import send_own_data
from aegis.services.ports import DiscordGateway
from aegis.services.wording import data as words


def register(tree: app_commands.CommandTree, gateway: DiscordGateway) -> None:
    @tree.command(description="Get everything this bot keeps about you, as a file in your DMs (once a day).")
    async def mydata(interaction: discord.Interaction):
        await start(interaction)
        sent = await send_own_data(gateway, interaction.user.id, interaction.guild_id)
        await answer(interaction, f"⛔ {sent}" if isinstance(sent, Refusal) else words.SENT)
