"""Mute evasion: a member who leaves and rejoins while a mute is in force gets the mute role back on join."""

import logging

import discord

from aegis.bot.snapshots import person
from aegis.services.moderation.service import ModerationService

log = logging.getLogger("aegis.moderation")


async def reapply_mute(service: ModerationService, member: discord.Member) -> None:
    try:
        await service.reapply_mute(member.guild.id, member.id, person(member.guild.me))
    except Exception:  # the join itself must still go through automod and raid mode; this one is in the log
        log.exception("re-applying the mute of %s in guild %s failed", member.id, member.guild.id)
