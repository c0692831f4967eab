import discord

from aegis.bot.replies import outcome_text
from aegis.bot.snapshots import person
from aegis.domain.actors import Actor
from aegis.domain.durations import BadDuration, parse_duration
from aegis.services.moderation.service import Outcome, Request

NO_PINGS = discord.AllowedMentions.none()
REASON_MAX = 512


async def start(interaction: discord.Interaction) -> None:
    """Defer at once: Discord wants an answer within 3 seconds and the work may take longer."""
    await interaction.response.defer(ephemeral=True, thinking=True)


async def answer(interaction: discord.Interaction, text: str) -> None:
    await interaction.followup.send(text[:2000], ephemeral=True, allowed_mentions=NO_PINGS)


async def answer_outcome(interaction: discord.Interaction, outcome: Outcome) -> None:
    await answer(interaction, outcome_text(outcome))


def request(interaction: discord.Interaction, target_id: int, target=None, reason: str | None = None) -> Request:
    guild = interaction.guild
    return Request(
        guild_id=guild.id,
        guild_name=guild.name,
        actor=Actor.moderator(interaction.user.id),
        moderator=person(interaction.user),
        bot=person(guild.me),
        target_id=target_id,
        target=person(target),
        reason=reason,
        source_id=interaction.id,
    )


def duration_or_error(text: str | None, **limits):
    """(timedelta or None, None) or (None, a sentence for the moderator)."""
    if text is None:
        return None, None
    parsed = parse_duration(text, **limits)
    if isinstance(parsed, BadDuration):
        return None, f"⛔ {parsed}"
    return parsed, None
