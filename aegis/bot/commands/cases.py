"""Slash commands that read or amend the record: /warnings /history /case /case-reason /pardon."""

import discord
from discord import app_commands

from aegis import clock
from aegis.bot.commands.common import REASON_MAX, answer, start
from aegis.bot.replies import case_detail, case_line
from aegis.domain.actors import Actor
from aegis.domain.refusals import Refusal
from aegis.services.moderation import records

Reason = app_commands.Range[str, 1, REASON_MAX]
PageNumber = app_commands.Range[int, 1, 1000]


def register(tree: app_commands.CommandTree) -> None:
    guild_only = app_commands.guild_only

    async def listing(interaction, member, page, warnings_only):
        found = await records.member_cases(interaction.guild_id, member.id, page, warnings_only)
        kind = "warnings" if warnings_only else "cases"
        head = f"**{kind.title()} for {member.mention}** — {found.active_warnings} active warning(s), page {page}"
        now = clock.now()
        lines = [case_line(c, counts=c.counts_as_active_warning(now) if warnings_only else None) for c in found.cases]
        more = f"\nMore: use page:{page + 1}" if found.has_more else ""
        await answer(interaction, "\n".join([head, *(lines or [f"No {kind} on this page."])]) + more)

    @tree.command(description="A member's warnings, active and expired.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def warnings(interaction: discord.Interaction, member: discord.User, page: PageNumber = 1):
        await start(interaction)
        await listing(interaction, member, page, warnings_only=True)

    @tree.command(description="Every case about a member, newest first.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def history(interaction: discord.Interaction, member: discord.User, page: PageNumber = 1):
        await start(interaction)
        await listing(interaction, member, page, warnings_only=False)

    @tree.command(description="Show one case.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def case(interaction: discord.Interaction, number: app_commands.Range[int, 1]):
        await start(interaction)
        found = await records.case(interaction.guild_id, number)
        await answer(interaction, f"⛔ {found}" if isinstance(found, Refusal) else case_detail(found))

    @tree.command(name="case-reason", description="Change a case's reason; who and when are recorded.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def case_reason(interaction: discord.Interaction, number: app_commands.Range[int, 1], reason: Reason):
        await start(interaction)
        edited = await records.edit_reason(interaction.guild_id, number, Actor.moderator(interaction.user.id), reason)
        await answer(
            interaction, f"⛔ {edited}" if isinstance(edited, Refusal) else f"✅ Case #{number} reason updated."
        )

    @tree.command(description="Pardon a warning: it stays in the history but stops counting.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def pardon(interaction: discord.Interaction, case: app_commands.Range[int, 1], reason: Reason):
        await start(interaction)
        done = await records.pardon(interaction.guild_id, case, Actor.moderator(interaction.user.id), reason)
        await answer(interaction, f"⛔ {done}" if isinstance(done, Refusal) else f"✅ Case #{case} pardoned.")
