"""The one place where a service's outcome or refusal becomes the private (ephemeral) reply a moderator reads.
The sentences themselves are in aegis.services.wording."""

import discord

from aegis.domain.refusals import Refusal
from aegis.services.moderation.service import Acted, Outcome
from aegis.services.wording import moderation as words

NO_PINGS = discord.AllowedMentions.none()
MESSAGE_LIMIT = 2000


def outcome_text(outcome: Outcome) -> str:
    if isinstance(outcome, Refusal):
        return words.refused(outcome)
    return "\n".join([words.acted_line(outcome.case), *escalation_lines(outcome), *map(words.note_line, outcome.notes)])


def escalation_lines(outcome: Acted) -> list[str]:
    return [] if outcome.escalation is None else [words.escalation_line(outcome.escalation)]


async def answer(interaction: discord.Interaction, text: str, file: discord.File | None = None) -> None:
    """The reply, as the follow-up to the deferral every command starts with (or at once if nothing deferred)."""
    extra = {"file": file} if file is not None else {}
    if interaction.response.is_done():
        await interaction.followup.send(text[:MESSAGE_LIMIT], ephemeral=True, allowed_mentions=NO_PINGS, **extra)
    else:
        await interaction.response.send_message(
            text[:MESSAGE_LIMIT], ephemeral=True, allowed_mentions=NO_PINGS, **extra
        )


async def answer_outcome(interaction: discord.Interaction, outcome: Outcome) -> None:
    await answer(interaction, outcome_text(outcome))


async def answer_refusal(interaction: discord.Interaction, refusal: Refusal) -> None:
    await answer(interaction, words.refused(refusal))


async def answer_either(interaction: discord.Interaction, result, text_of) -> None:
    """A service's result: its refusal, or `text_of(result)` when it did what was asked."""
    await answer(interaction, words.refused(result) if isinstance(result, Refusal) else text_of(result))


async def answer_pages(interaction: discord.Interaction, text: str, file: discord.File | None = None) -> None:
    """A long reply as several messages of whole lines; `file` goes with the last."""
    chunks = pages(text)
    for n, chunk in enumerate(chunks):
        await answer(interaction, chunk, file if n == len(chunks) - 1 else None)


def pages(text: str, size: int = MESSAGE_LIMIT) -> list[str]:
    """Whole lines per message, each at most `size` characters."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line[:size]
        if out and len(out[-1]) + 1 + len(line) <= size:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out
