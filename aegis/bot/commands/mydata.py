"""/mydata: a member asks for everything Aegis keeps about them, sent by DM."""

import discord
from discord import app_commands

from aegis.bot.replies import answer_either
from aegis.services.data.requests import send_own_data
from aegis.services.logs.store import opener
from aegis.services.ports import DiscordGateway
from aegis.services.wording import data as words


def register(tree: app_commands.CommandTree, gateway: DiscordGateway) -> None:
    @tree.command(description=words.DESCRIBE_MYDATA)
    async def mydata(interaction: discord.Interaction):
        unseal = opener(interaction.client.content_cipher)  # their logged messages, readable
        sent = await send_own_data(gateway, interaction.user.id, interaction.guild_id, unseal)
        await answer_either(interaction, sent, lambda _: words.SENT)
