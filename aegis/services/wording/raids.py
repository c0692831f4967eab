"""Every sentence raid mode says: to the mod log, to the moderator who runs /raid, and the words for what it did
to a cohort member."""

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta

from aegis.domain.actors import ActorKind
from aegis.domain.durations import describe
from aegis.domain.raids import CohortMember, Raid, RaidAction, RaidResolution, RaidTrigger
from aegis.services.automod.rules import JoinRateSettings
from aegis.services.ratelimit import BucketSpec

HANDLED = {"timeout": "timed out", "kick": "kicked", "hold": "held", "alert": "recorded only", "": "waiting"}
RESOLVED = {RaidResolution.BAN: "banned", RaidResolution.KICK: "kicked", RaidResolution.RELEASE: "released"}
SWITCHING = "switch raid mode on or off"
READING = "see raid mode and its cohort"
NO_HOLD_ROLE = (
    "Raid mode's action is hold, but no hold role is set: give automod join_rate a hold_role_id (or another "
    "raid_action) first."
)
NOT_ON = "Raid mode is not on."
NO_RAID = "This server has had no raid, so there is no cohort to resolve."
NOT_IN_SERVER = "not in the server (a ban still reaches them)"
VERB = {RaidResolution.BAN: "banning", RaidResolution.KICK: "kicking", RaidResolution.RELEASE: "releasing"}
FIRST_ERRORS = 3
COMMANDS = "`/raid status` shows the cohort · `/raid resolve` bans, kicks or releases it · `/raid off` ends raid mode"


def fate(action: RaidAction, settings: JoinRateSettings) -> str:
    """What happens to each member who joins while raid mode is on, completing "Each member who joins is …"."""
    if action is RaidAction.TIMEOUT:
        return f"timed out for {describe(timedelta(seconds=settings.timeout_seconds))}"
    if action is RaidAction.KICK:
        return "kicked"
    if action is RaidAction.HOLD:
        return (
            f"given the hold role <@&{settings.hold_role_id}>"
            if settings.hold_role_id
            else "meant to get a hold role, but none is set (automod join_rate hold_role_id)"
        )
    return "recorded in the cohort and left alone"


def origin(raid: Raid) -> str:
    if raid.trigger is RaidTrigger.SPIKE:
        return "started by a join spike" + (f": {raid.reason.removesuffix(': possible raid')}" if raid.reason else "")
    who = f"<@{raid.started_by_id}>" if raid.trigger is RaidTrigger.MODERATOR else "the operator, from the console"
    return f"started by {who}" + (f": {raid.reason}" if raid.reason else "")


def ending(raid: Raid) -> str:
    if raid.ended_by_kind is ActorKind.SYSTEM:
        return raid.end_reason or "ended"
    who = f"<@{raid.ended_by_id}>" if raid.ended_by_kind is ActorKind.MODERATOR else "the operator, from the console"
    return f"switched off by {who}" + (f": {raid.end_reason}" if raid.end_reason else "")


def raid_on(raid: Raid, settings: JoinRateSettings, case_number: int | None = None, spike_joins: int = 0) -> str:
    head = f"🚨 **Raid mode on** — raid #{raid.id}" + (f" (case #{case_number})" if case_number else "")
    who = (
        f"The {spike_joins} members of the spike and each member who joins now are"
        if spike_joins
        else "Each member who joins now is"
    )
    return "\n".join(
        [
            f"{head}, {origin(raid)}.",
            f"{who} {fate(raid.action, settings)}. Raid mode switches itself off after "
            f"{describe(timedelta(seconds=settings.cooldown_s))} without a join.",
            COMMANDS,
        ]
    )


def raid_off(raid: Raid, members: Iterable[CohortMember]) -> str:
    members = list(members)
    cohort = f"Cohort: {len(members)} member{'s' if len(members) != 1 else ''}"
    if members:
        cohort += f" ({handled_summary(members)})"
    if any(m.resolution is None or m.resolution_error for m in members):
        cohort += "; `/raid resolve` still acts on them"
    return f"✅ **Raid mode off** — raid #{raid.id}, {ending(raid)}.\n{cohort}."


def spike_only(case_number: int | None, reason: str) -> str:
    head = "⚠️ **Join spike**" + (f" — case #{case_number}" if case_number else "")
    return (
        f"{head}: {reason}. Raid mode is off for this server (automod join_rate raid_mode), so nothing else was done."
    )


def dry_run(reason: str, action: RaidAction, settings: JoinRateSettings, joins: int) -> str:
    if not settings.raid_mode:
        return f"{reason}; dry run: would alert moderators (raid mode is off)"
    return (
        f"{reason}; dry run: would switch raid mode on, and each of the {joins} joiners so far would be "
        f"{fate(action, settings)}"
    )


def resolved(raid: Raid, resolution: RaidResolution, moderator_id: int, done: int, failed: int) -> str:
    return f"**Raid #{raid.id} resolved** by <@{moderator_id}> ({resolution.value}): {done} {RESOLVED[resolution]}" + (
        f", {failed} failed (see `/raid status`)." if failed else "."
    )


def handled_summary(members: Iterable[CohortMember]) -> str:
    """e.g. "12 timed out, 2 failed"; then what /raid resolve did, e.g. "; resolved: 12 banned, 2 failed"."""
    members = list(members)
    handled = Counter(
        "failed" if m.handled.startswith("failed") else HANDLED.get(m.handled, m.handled) for m in members
    )
    text = ", ".join(f"{n} {what}" for what, n in handled.most_common())
    outcome = Counter("failed" if m.resolution_error else RESOLVED[m.resolution] for m in members if m.resolution)
    if outcome:
        text += "; resolved: " + ", ".join(f"{n} {what}" for what, n in outcome.most_common())
    return text


# ---- refusals ----


def already_on(raid: Raid) -> str:
    return f"Raid mode is already on (raid #{raid.id}, {origin(raid)})."


def resolving(resolution: RaidResolution) -> str:
    return f"{resolution.value} a raid's cohort"


def resolving_already(raid: Raid) -> str:
    return f"Raid #{raid.id} is being resolved already; wait for that to finish."


def nothing_left(raid: Raid) -> str:
    return f"Every member of raid #{raid.id}'s cohort ({raid.joins}) is resolved already."


# ---- replies to /raid ----


def _when(moment, style: str = "R") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def _members(count: int) -> str:
    return f"{count} member{'s' if count != 1 else ''}"


def switched_on(raid: Raid, settings: JoinRateSettings) -> str:
    return (
        f"✅ Raid mode on (raid #{raid.id}): each member who joins is {fate(raid.action, settings)}. It switches "
        f"itself off after {describe(timedelta(seconds=settings.cooldown_s))} without a join, or with `/raid off`."
    )


def switched_off(raid: Raid) -> str:
    return (
        f"✅ Raid mode off (raid #{raid.id}, {_members(raid.joins)} in its cohort). What was done to them stays; "
        "`/raid resolve` bans, kicks or releases them."
    )


def status(raid: Raid | None, members: tuple[CohortMember, ...], settings: JoinRateSettings, spec: BucketSpec) -> str:
    threshold = f"Spike: more than {spec.limit} joins in {spec.window_s:g} s (the server's joins rate limit)"
    if not settings.raid_mode:
        threshold += "; a spike only alerts here (automod join_rate raid_mode is off)"
    if raid is None:
        return f"**Raid mode: off** — this server has had no raid.\n{threshold}."
    if raid.active:
        quiet = f"It switches itself off after {describe(timedelta(seconds=settings.cooldown_s))} without a join"
        lines = [
            f"**Raid mode: on** — raid #{raid.id} since {_when(raid.started_at)} ({origin(raid)})",
            f"Each member who joins is {fate(raid.action, settings)}. {quiet}"
            + (f" (last join {_when(raid.last_join_at)})." if raid.last_join_at else "."),
        ]
    else:
        lines = [
            f"**Raid mode: off** — the last raid, #{raid.id}, ran {_when(raid.started_at, 'f')} to "
            f"{_when(raid.ended_at, 'f')} ({origin(raid)}; {ending(raid)})."
        ]
    lines.append(f"Cohort: {_members(len(members))}" + (f" — {handled_summary(members)}" if members else ""))
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


def progress(raid: Raid, resolution: RaidResolution, total: int, done: int, failed: int) -> str:
    if not done and not failed:
        return f"⏳ Raid #{raid.id}: {VERB[resolution]} {_members(total)}, one at a time at the pace Discord allows…"
    return f"⏳ Raid #{raid.id}: {done + failed} of {total} done ({failed} failed so far)…"


def resolved_reply(raid: Raid, resolution: RaidResolution, done: int, failed: tuple[tuple[int, str], ...]) -> str:
    mark = "✅" if not failed else "⚠️"
    lines = [
        f"{mark} Raid #{raid.id} resolved ({resolution.value}): {done} {RESOLVED[resolution]}"
        + (f", {len(failed)} failed." if failed else ".")
    ]
    if failed:
        lines.append("First errors (run it again to retry them):")
        lines += [f"• <@{uid}>: {why[:150]}" for uid, why in failed[:FIRST_ERRORS]]
    return "\n".join(lines)
