"""What the commands share: who asks (with their permissions), the target as a member, the service request.
The command tree (tree.py) has acknowledged the interaction before any command runs."""

import discord

from aegis.bot.snapshots import person
from aegis.domain.actors import Actor
from aegis.domain.durations import BadDuration, parse_duration
from aegis.domain.refusals import Refusal
from aegis.services.moderation.service import Request

REASON_MAX = 512


def moderator(interaction: discord.Interaction) -> Actor:
    """Who asks, with the server permissions Discord gave them, so the services can check again."""
    user = interaction.user
    granted = user.guild_permissions if isinstance(user, discord.Member) else discord.Permissions.none()
    return Actor.moderator(user.id, frozenset(name for name, allowed in granted if allowed))


async def member_of(interaction: discord.Interaction, user: discord.abc.User) -> discord.Member | None:
    """The target as a member of this server, or None when they are not one. The interaction's resolved member
    data comes first, then the cache, then Discord itself: an uncached member is still a member, so the hierarchy
    checks see their roles."""
    if isinstance(user, discord.Member):
        return user
    guild = interaction.guild
    if (cached := guild.get_member(user.id)) is not None:
        return cached
    try:
        return await guild.fetch_member(user.id)
    except discord.NotFound:
        return None


def request(interaction: discord.Interaction, target_id: int, target=None, reason: str | None = None) -> Request:
    guild = interaction.guild
    return Request(
        guild_id=guild.id,
        guild_name=guild.name,
        actor=moderator(interaction),
        moderator=person(interaction.user),
        bot=person(guild.me),
        target_id=target_id,
        target=person(target),
        reason=reason,
        source_id=interaction.id,
    )


def duration_or_refusal(text: str | None, **limits):
    """(timedelta or None, None) or (None, a Refusal for the moderator)."""
    if text is None:
        return None, None
    parsed = parse_duration(text, **limits)
    if isinstance(parsed, BadDuration):
        return None, Refusal("duration", str(parsed))
    return parsed, None
