"""A press on a role panel's button (or a pick in its menu): read by its custom_id from any message, so panels
outlive restarts; the member reads privately what changed. A press delivered twice (a resumed gateway replays
events) acts once."""

import logging

import discord

from aegis.bot.community.gateway import member_now
from aegis.bot.replies import answer
from aegis.domain.refusals import Refusal
from aegis.services.community import panels
from aegis.services.wording import commands as command_words
from aegis.services.wording.community import panels as words
from aegis.services.wording.moderation import refused

log = logging.getLogger("aegis.bot")
REMEMBERED = 4096  # interaction ids kept to recognise a replay
_seen: dict[int, None] = {}


async def on_press(interaction: discord.Interaction, gateway) -> bool:
    """Handles the press if it is a panel's; False for any other interaction."""
    if interaction.type is not discord.InteractionType.component or interaction.guild_id is None:
        return False
    data = interaction.data or {}
    ids = panels.parse_custom_id(data.get("custom_id", ""))
    menu = panels.parse_menu_id(data.get("custom_id", ""))
    if (ids is None and menu is None) or not isinstance(interaction.user, discord.Member):
        return False
    if first_time(interaction.id):
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            await answer(interaction, await _act(interaction, ids, menu, data, gateway))
        except Exception as exc:  # the member must not be left with "thinking…" for ever
            log.error("panel press guild=%s failed", interaction.guild_id, exc_info=exc)
            await answer(interaction, command_words.CRASHED)
    return True


def first_time(interaction_id: int) -> bool:
    if interaction_id in _seen:
        return False
    _seen[interaction_id] = None
    if len(_seen) > REMEMBERED:
        _seen.pop(next(iter(_seen)))
    return True


async def _act(interaction: discord.Interaction, ids, menu, data: dict, gateway) -> str:
    member = member_now(interaction.user)
    if ids is not None:
        result = await panels.press(interaction.guild_id, *ids, member, gateway)
    else:
        chosen = [int(value) for value in data.get("values", ()) if str(value).isdigit()]
        result = await panels.choose(interaction.guild_id, menu, chosen, member, gateway)
    return refused(result) if isinstance(result, Refusal) else words.pressed(result)
