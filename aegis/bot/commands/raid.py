"""/raid on|off|status|resolve: raid mode by hand, what it has done, and dealing with a raid's cohort.

Default permission Ban Members: raid mode acts on every member who joins and /raid resolve bans or kicks a whole
cohort, which is mass moderation rather than server configuration (the raid settings themselves are automod
settings, under Manage Server). Each kick, ban or release is still checked against the moderator's own permission.
"""

import logging
from datetime import timedelta

import discord
from discord import app_commands

from aegis.bot.commands.common import REASON_MAX, answer, start
from aegis.bot.snapshots import person
from aegis.domain.actors import Actor
from aegis.domain.durations import describe
from aegis.domain.raids import RaidResolution
from aegis.domain.refusals import Refusal
from aegis.services.raids.resolve import Resolved, Resolver
from aegis.services.raids.service import RaidService, RaidStatus
from aegis.services.wording import raids as words

log = logging.getLogger("aegis.raids")
Reason = app_commands.Range[str, 1, REASON_MAX]
FIRST_ERRORS = 3
VERB = {RaidResolution.BAN: "banning", RaidResolution.KICK: "kicking", RaidResolution.RELEASE: "releasing"}


def _when(moment, style: str = "R") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def status_text(status: RaidStatus) -> str:
    raid, settings, spec = status.raid, status.settings, status.threshold
    threshold = f"Spike: more than {spec.limit} joins in {spec.window_s:g} s (the server's joins rate limit)"
    if not settings.raid_mode:
        threshold += "; a spike only alerts here (automod join_rate raid_mode is off)"
    if raid is None:
        return f"**Raid mode: off** — this server has had no raid.\n{threshold}."
    if raid.active:
        quiet = f"It switches itself off after {describe(timedelta(seconds=settings.cooldown_s))} without a join"
        lines = [
            f"**Raid mode: on** — raid #{raid.id} since {_when(raid.started_at)} ({words.origin(raid)})",
            f"Each member who joins is {words.fate(raid.action, settings)}. {quiet}"
            + (f" (last join {_when(raid.last_join_at)})." if raid.last_join_at else "."),
        ]
    else:
        lines = [
            f"**Raid mode: off** — the last raid, #{raid.id}, ran {_when(raid.started_at, 'f')} to "
            f"{_when(raid.ended_at, 'f')} ({words.origin(raid)}; {words.ending(raid)})."
        ]
    members = status.members
    lines.append(
        f"Cohort: {len(members)} member{'s' if len(members) != 1 else ''}"
        + (f" — {words.handled_summary(members)}" if members else "")
    )
    problems = [
        (m.user_id, m.resolution_error or m.handled)
        for m in members
        if m.resolution_error or m.handled.startswith("failed")
    ]
    lines += [f"• <@{uid}>: {why[:150]}" for uid, why in problems[:FIRST_ERRORS]]
    unresolved = sum(1 for m in members if m.resolution is None or m.resolution_error)
    if unresolved:
        lines.append(f"Not resolved yet: {unresolved} — `/raid resolve action:ban|kick|release`")
    lines.append(threshold + ".")
    return "\n".join(lines)


def progress_text(state: Resolved) -> str:
    if not state.done and not state.failed:
        return (
            f"⏳ Raid #{state.raid.id}: {VERB[state.resolution]} {state.total} member"
            f"{'s' if state.total != 1 else ''}, one at a time at the pace Discord allows…"
        )
    return (
        f"⏳ Raid #{state.raid.id}: {state.done + len(state.failed)} of {state.total} done"
        f" ({len(state.failed)} failed so far)…"
    )


def resolved_text(state: Resolved) -> str:
    mark = "✅" if not state.failed else "⚠️"
    lines = [
        f"{mark} Raid #{state.raid.id} resolved ({state.resolution.value}): {state.done} "
        f"{words.RESOLVED[state.resolution]}" + (f", {len(state.failed)} failed." if state.failed else ".")
    ]
    if state.failed:
        lines.append("First errors (run it again to retry them):")
        lines += [f"• <@{uid}>: {why[:150]}" for uid, why in state.failed[:FIRST_ERRORS]]
    return "\n".join(lines)


def register(tree: app_commands.CommandTree, raids: RaidService) -> None:
    group = app_commands.Group(
        name="raid",
        description="Raid mode: hold back a flood of joins, then deal with it.",
        guild_only=True,
        default_permissions=discord.Permissions(ban_members=True),
    )

    @group.command(name="on", description="Switch raid mode on: every member who joins gets the server's raid action.")
    async def raid_on(interaction: discord.Interaction, reason: Reason | None = None):
        await start(interaction)
        raid = await raids.switch_on(interaction.guild_id, Actor.moderator(interaction.user.id), reason)
        if isinstance(raid, Refusal):
            return await answer(interaction, f"⛔ {raid}")
        settings = (await raids.automod_settings(interaction.guild_id)).rule("join_rate")
        await answer(
            interaction,
            f"✅ Raid mode on (raid #{raid.id}): each member who joins is "
            f"{words.fate(raid.action, settings)}. It switches itself off after "
            f"{describe(timedelta(seconds=settings.cooldown_s))} without a join, or with "
            "`/raid off`.",
        )

    @group.command(name="off", description="Switch raid mode off; its cohort stays recorded for /raid resolve.")
    async def raid_off(interaction: discord.Interaction, reason: Reason | None = None):
        await start(interaction)
        raid = await raids.switch_off(interaction.guild_id, Actor.moderator(interaction.user.id), reason)
        if isinstance(raid, Refusal):
            return await answer(interaction, f"⛔ {raid}")
        await answer(
            interaction,
            f"✅ Raid mode off (raid #{raid.id}, {raid.joins} member"
            f"{'s' if raid.joins != 1 else ''} in its cohort). What was done to them stays; "
            "`/raid resolve` bans, kicks or releases them.",
        )

    @group.command(description="Whether raid mode is on, and the current or last raid's cohort.")
    async def status(interaction: discord.Interaction):
        await start(interaction)
        await answer(interaction, status_text(await raids.status(interaction.guild_id)))

    @group.command(description="Ban, kick or release every member of the current (or last) raid's cohort.")
    @app_commands.describe(action="ban or kick them; release lifts raid mode's timeout or hold role")
    @app_commands.choices(action=[app_commands.Choice(name=r.value, value=r.value) for r in RaidResolution])
    async def resolve(interaction: discord.Interaction, action: str):
        await start(interaction)
        guild = interaction.guild
        who = Resolver(
            guild.id,
            guild.name,
            person(interaction.user),
            person(guild.me),
            lambda user_id: person(guild.get_member(user_id)),
        )

        async def progress(state: Resolved) -> None:
            await _tell(interaction, progress_text(state))

        outcome = await raids.resolve(RaidResolution(action), who, progress)
        await _tell(interaction, f"⛔ {outcome}" if isinstance(outcome, Refusal) else resolved_text(outcome))

    tree.add_command(group)


async def _tell(interaction: discord.Interaction, text: str) -> None:
    # A long resolve can outlive the interaction's 15 minutes; the work goes on and the mod log gets the outcome.
    try:
        await answer(interaction, text)
    except discord.HTTPException as exc:
        log.warning("raid reply not delivered guild=%s: %s", interaction.guild_id, exc)
