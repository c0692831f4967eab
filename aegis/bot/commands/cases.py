"""Slash commands that read or amend the record: /warnings /history /case /case-reason /pardon.

Each takes a user who left as well as a member: their record stays."""

import discord
from discord import app_commands

from aegis import clock
from aegis.bot.commands.common import REASON_MAX, moderator
from aegis.bot.replies import answer, answer_either
from aegis.domain.refusals import Refusal
from aegis.services.moderation import records
from aegis.services.wording import records as words
from aegis.services.wording.moderation import refused

Reason = app_commands.Range[str, 1, REASON_MAX]
PageNumber = app_commands.Range[int, 1, 1000]


def register(tree: app_commands.CommandTree) -> None:
    guild_only = app_commands.guild_only

    async def listing(interaction, member, page, warnings_only):
        found = await records.member_cases(
            interaction.guild_id, member.id, page, warnings_only, actor=moderator(interaction)
        )
        if isinstance(found, Refusal):
            return await answer(interaction, refused(found))
        now = clock.now()
        lines = [
            words.case_line(c, counts=c.counts_as_active_warning(now) if warnings_only else None) for c in found.cases
        ]
        text = words.listing(member.mention, warnings_only, found.active_warnings, page, lines, found.has_more)
        await answer(interaction, text)

    @tree.command(description="A member's warnings, active and expired.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def warnings(interaction: discord.Interaction, member: discord.User, page: PageNumber = 1):
        await listing(interaction, member, page, warnings_only=True)

    @tree.command(description="Every case about a member, newest first.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def history(interaction: discord.Interaction, member: discord.User, page: PageNumber = 1):
        await listing(interaction, member, page, warnings_only=False)

    @tree.command(description="Show one case.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def case(interaction: discord.Interaction, number: app_commands.Range[int, 1]):
        found = await records.case(interaction.guild_id, number, actor=moderator(interaction))
        await answer_either(interaction, found, words.case_detail)

    @tree.command(name="case-reason", description="Change a case's reason; who and when are recorded.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def case_reason(interaction: discord.Interaction, number: app_commands.Range[int, 1], reason: Reason):
        edited = await records.edit_reason(interaction.guild_id, number, moderator(interaction), reason)
        await answer_either(interaction, edited, lambda _case: words.reason_updated(number))

    @tree.command(description="Pardon a warning: it stays in the history but stops counting.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def pardon(interaction: discord.Interaction, case: app_commands.Range[int, 1], reason: Reason):
        done = await records.pardon(interaction.guild_id, case, moderator(interaction), reason)
        await answer_either(interaction, done, lambda _case: words.pardoned(case))
