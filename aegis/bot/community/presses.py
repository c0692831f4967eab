"""A press on a role panel's button: read by its custom_id from any message, so panels outlive restarts; the
member reads privately what changed."""

import discord

from aegis.bot.community.gateway import member_now
from aegis.bot.replies import answer
from aegis.domain.refusals import Refusal
from aegis.services.community import panels
from aegis.services.wording.community import panels as words
from aegis.services.wording.moderation import refused


async def on_press(interaction: discord.Interaction, gateway) -> bool:
    """Handles the press if it is a panel's; False for any other interaction."""
    if interaction.type is not discord.InteractionType.component or interaction.guild_id is None:
        return False
    data = interaction.data or {}
    ids = panels.parse_custom_id(data.get("custom_id", ""))
    menu = panels.parse_menu_id(data.get("custom_id", ""))
    if (ids is None and menu is None) or not isinstance(interaction.user, discord.Member):
        return False
    await interaction.response.defer(ephemeral=True, thinking=True)
    member = member_now(interaction.user)
    if ids is not None:
        result = await panels.press(interaction.guild_id, *ids, member, gateway)
    else:
        chosen = [int(value) for value in data.get("values", ()) if str(value).isdigit()]
        result = await panels.choose(interaction.guild_id, menu, chosen, member, gateway)
    await answer(interaction, refused(result) if isinstance(result, Refusal) else words.pressed(result))
    return True
