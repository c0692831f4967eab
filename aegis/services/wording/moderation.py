"""Every sentence Aegis posts to Discord about an action: mod-log entries and DMs to members."""

from aegis.domain.cases import Case, CaseType, TargetKind
from aegis.domain.durations import describe
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
    return (
        f"**Case #{case.number} · could not lift the {TITLE[case.type].lower()}** of {target(case)} after "
        f"{attempts} attempts: {error}. Lift it by hand ({LIFT_BY_HAND.get(case.type, '/unban')}) and check my "
        "permissions."
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
