"""/raid on|off|status|resolve: raid mode by hand, what it has done, and dealing with a raid's cohort.

Default permission Ban Members: raid mode acts on every member who joins and /raid resolve bans or kicks a whole
cohort, which is mass moderation rather than server configuration (the raid settings themselves are automod
settings, under Manage Server). The raid service checks the permission again, and each kick, ban or release is
still checked against the moderator's own permission and rank over the member (asked of Discord when the cache
does not know them).
"""

import logging

import discord
from discord import app_commands

from aegis.bot.commands.common import REASON_MAX, member_of, moderator
from aegis.bot.replies import answer, answer_either
from aegis.bot.snapshots import person
from aegis.domain.raids import RaidResolution
from aegis.domain.refusals import Refusal
from aegis.services.moderation.checks import Person
from aegis.services.raids.resolve import Resolved, Resolver
from aegis.services.raids.service import RaidService
from aegis.services.wording import raids as words
from aegis.services.wording.moderation import refused

log = logging.getLogger("aegis.raids")
Reason = app_commands.Range[str, 1, REASON_MAX]


def resolved_text(state: Resolved) -> str:
    return words.resolved_reply(state.raid, state.resolution, state.done, state.failed)


def register(tree: app_commands.CommandTree, raids: RaidService) -> None:
    group = app_commands.Group(
        name="raid",
        description="Raid mode: hold back a flood of joins, then deal with it.",
        guild_only=True,
        default_permissions=discord.Permissions(ban_members=True),
    )

    @group.command(name="on", description="Switch raid mode on: every member who joins gets the server's raid action.")
    async def raid_on(interaction: discord.Interaction, reason: Reason | None = None):
        raid = await raids.switch_on(interaction.guild_id, moderator(interaction), reason)
        if isinstance(raid, Refusal):
            return await answer(interaction, refused(raid))
        settings = (await raids.automod_settings(interaction.guild_id)).rule("join_rate")
        await answer(interaction, words.switched_on(raid, settings))

    @group.command(name="off", description="Switch raid mode off; its cohort stays recorded for /raid resolve.")
    async def raid_off(interaction: discord.Interaction, reason: Reason | None = None):
        raid = await raids.switch_off(interaction.guild_id, moderator(interaction), reason)
        await answer_either(interaction, raid, words.switched_off)

    @group.command(description="Whether raid mode is on, and the current or last raid's cohort.")
    async def status(interaction: discord.Interaction):
        found = await raids.status(interaction.guild_id, moderator(interaction))
        if isinstance(found, Refusal):
            return await answer(interaction, refused(found))
        await answer(interaction, words.status(found.raid, found.members, found.settings, found.threshold))

    @group.command(description="Ban, kick or release every member of the current (or last) raid's cohort.")
    @app_commands.describe(action="ban or kick them; release lifts raid mode's timeout or hold role")
    @app_commands.choices(action=[app_commands.Choice(name=r.value, value=r.value) for r in RaidResolution])
    async def resolve(interaction: discord.Interaction, action: str):
        guild = interaction.guild

        async def member(user_id: int) -> Person | None:
            return person(await member_of(interaction, discord.Object(user_id)))

        who = Resolver(guild.id, guild.name, person(interaction.user), person(guild.me), member)

        async def progress(state: Resolved) -> None:
            text = words.progress(state.raid, state.resolution, state.total, state.done, len(state.failed))
            await _tell(interaction, text)

        outcome = await raids.resolve(RaidResolution(action), who, progress)
        await _tell(interaction, refused(outcome) if isinstance(outcome, Refusal) else resolved_text(outcome))

    tree.add_command(group)


async def _tell(interaction: discord.Interaction, text: str) -> None:
    # A long resolve can outlive the interaction's 15 minutes; the work goes on and the mod log gets the outcome.
    try:
        await answer(interaction, text)
    except discord.HTTPException as exc:
        log.warning("raid reply not delivered guild=%s: %s", interaction.guild_id, exc)
