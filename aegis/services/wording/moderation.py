"""Every sentence Aegis posts to Discord about an action: mod-log entries, DMs to members, and the reply to the
moderator who acted."""

from aegis.domain.durations import describe
from aegis.domain.moderation.cases import Case, CaseType, TargetKind
from aegis.domain.moderation.schedule import ScheduleKind
from aegis.domain.refusals import Refusal
from aegis.domain.wording import plural

TITLE = {
    CaseType.WARN: "Warning",
    CaseType.NOTE: "Note",
    CaseType.TIMEOUT: "Timeout",
    CaseType.UNTIMEOUT: "Timeout lifted",
    CaseType.KICK: "Kick",
    CaseType.BAN: "Ban",
    CaseType.TEMPBAN: "Temporary ban",
    CaseType.SOFTBAN: "Softban",
    CaseType.UNBAN: "Unban",
    CaseType.PURGE: "Purge",
    CaseType.SLOWMODE: "Slowmode",
    CaseType.LOCKDOWN: "Lockdown",
    CaseType.UNLOCK: "Unlock",
    CaseType.AUTOMOD: "Automod",
    CaseType.MUTE: "Mute",
    CaseType.UNMUTE: "Mute lifted",
}
DM_VERB = {
    CaseType.WARN: "were warned",
    CaseType.TIMEOUT: "were timed out",
    CaseType.KICK: "were kicked",
    CaseType.BAN: "were banned",
    CaseType.TEMPBAN: "were banned",
    CaseType.SOFTBAN: "were softbanned",
    CaseType.MUTE: "were muted",
}
EXPIRY_FIX = {  # what a moderator can do when Discord refuses (403) to lift an expired punishment
    ScheduleKind.UNBAN: "give me Ban Members, or lift it by hand with /unban",
    ScheduleKind.UNTIMEOUT: "give me Moderate Members and put my role above theirs, or use /untimeout",
    ScheduleKind.UNMUTE: "give me Manage Roles and put my role above the mute role, or use /unmute",
}
TIMED = (CaseType.TEMPBAN, CaseType.TIMEOUT, CaseType.MUTE)
EXPIRED = {CaseType.TEMPBAN: "unbanned", CaseType.TIMEOUT: "timeout over", CaseType.MUTE: "unmuted"}
LIFT_BY_HAND = {CaseType.TEMPBAN: "/unban", CaseType.TIMEOUT: "/untimeout", CaseType.MUTE: "/unmute"}


def by(case: Case) -> str:
    return f"<@{case.moderator_id}>" if case.moderator_id else case.actor_kind.value


def target(case: Case) -> str:
    return (
        f"<#{case.target_id}>" if case.target_kind is TargetKind.CHANNEL else f"<@{case.target_id}> ({case.target_id})"
    )


def mod_log_entry(case: Case) -> str:
    lines = [f"**Case #{case.number} · {TITLE[case.type]}** — {target(case)} by {by(case)}"]
    if case.expires_at and case.type in TIMED:
        lines.append(f"Until <t:{int(case.expires_at.timestamp())}:f> ({describe(case.expires_at - case.created_at)})")
    if rung := case.metadata.get("escalation_rung"):
        lines.append(f"Escalation rung {rung}: {plural(case.metadata['warnings'], 'active warning')}")
    if "deleted" in case.metadata:
        lines.append(f"{plural(case.metadata['deleted'], 'message')} deleted")
    if "seconds" in case.metadata:
        lines.append(f"Slowmode {case.metadata['seconds']} s")
    lines.append(f"Reason: {case.reason or 'none given'}")
    return "\n".join(lines)


def expiry_entry(case: Case) -> str:
    return f"**Case #{case.number} · {TITLE[case.type]} expired** — {target(case)} {EXPIRED.get(case.type, 'ended')}"


def expiry_failed_entry(case: Case, attempts: int, error: str) -> str:
    tries = "" if attempts <= 1 else f" after {attempts} attempts"
    return (
        f"**Case #{case.number} · could not lift the {TITLE[case.type].lower()}** of {target(case)}{tries}: "
        f"{error}. Lift it by hand ({LIFT_BY_HAND.get(case.type, '/unban')}) and check my permissions; the "
        "console's schedules pane can retry it."
    )


def rejoin_entry(case: Case, refusal: Refusal | None) -> str:
    head = f"**Case #{case.number} · {TITLE[case.type]}** — {target(case)} rejoined while muted"
    return (
        f"{head}: the mute role is back on."
        if refusal is None
        else f"{head}, and I could not mute them again: {refusal}"
    )


def direct_message(case: Case, guild_name: str) -> str:
    text = f"You {DM_VERB[case.type]} in {guild_name}"
    if case.expires_at:
        text += f" for {describe(case.expires_at - case.created_at)}"
    return f"{text}. Reason: {case.reason or 'none given'} (case #{case.number})"


# ---- replies to the moderator who acted ----


def refused(refusal: Refusal | str) -> str:
    return f"⛔ {refusal}"


def acted_line(case: Case) -> str:
    who = f"<#{case.target_id}>" if case.target_kind is TargetKind.CHANNEL else f"<@{case.target_id}>"
    line = f"✅ Case #{case.number}: {TITLE[case.type]} — {who}"
    if case.expires_at:
        line += f" for {describe(case.expires_at - case.created_at)}"
    if "deleted" in case.metadata:
        line += f", {plural(case.metadata['deleted'], 'message')} deleted"
    return line


def escalation_line(escalation: Case) -> str:
    rung = escalation.metadata.get("escalation_rung")
    return f"⚠️ Escalation rung {rung} fired: {acted_line(escalation).removeprefix('✅ ')}"


def note_line(note: str) -> str:
    return f"ℹ️ {note}"


def correction(case: Case, guild_name: str) -> str:
    return (
        f"Correction from {guild_name}: you were not {DM_VERB[case.type].removeprefix('were ')} after all — "
        f"Discord refused the action, so nothing changed (case #{case.number})."
    )


def partly_done(case: Case) -> str:
    return f"Discord did only part of it ({case.discord_error}); case #{case.number} says which steps happened."


def unsettled(case: Case) -> str:
    return (
        f"Case #{case.number} is on record and Discord was asked, but the database went away before I could note "
        "Discord's answer. Once it is back I check with Discord and the case will say what happened."
    )


def unanswered(case: Case) -> str:
    return (
        f"Discord did not answer, so I cannot tell yet whether it happened. Case #{case.number} stays in flight "
        "until I have checked with Discord (within a minute); it will then say what happened."
    )
