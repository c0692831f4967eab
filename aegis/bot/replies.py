"""The one place where a service's outcome becomes what a moderator reads in Discord."""

from aegis.domain.cases import Case, TargetKind
from aegis.domain.durations import describe
from aegis.domain.refusals import Refusal
from aegis.domain.wording import plural
from aegis.services.moderation.service import Acted, Outcome
from aegis.services.wording.moderation import TITLE


def outcome_text(outcome: Outcome) -> str:
    if isinstance(outcome, Refusal):
        return f"⛔ {outcome.reason}"
    return "\n".join([acted_line(outcome.case), *escalation_lines(outcome), *(f"ℹ️ {n}" for n in outcome.notes)])


def acted_line(case: Case) -> str:
    who = f"<#{case.target_id}>" if case.target_kind is TargetKind.CHANNEL else f"<@{case.target_id}>"
    line = f"✅ Case #{case.number}: {TITLE[case.type]} — {who}"
    if case.expires_at:
        line += f" for {describe(case.expires_at - case.created_at)}"
    if "deleted" in case.metadata:
        line += f", {plural(case.metadata['deleted'], 'message')} deleted"
    return line


def escalation_lines(outcome: Acted) -> list[str]:
    if outcome.escalation is None:
        return []
    rung = outcome.escalation.metadata.get("escalation_rung")
    return [f"⚠️ Escalation rung {rung} fired: {acted_line(outcome.escalation).removeprefix('✅ ')}"]


def case_detail(case: Case) -> str:
    state = "pardoned" if case.pardoned else ("active" if case.active else "ended")
    lines = [
        f"**Case #{case.number} · {TITLE[case.type]}** ({state})",
        f"Target: <@{case.target_id}>" if case.target_kind is TargetKind.USER else f"Target: <#{case.target_id}>",
        f"By: {'<@%d>' % case.moderator_id if case.moderator_id else case.actor_kind.value}",
        f"When: <t:{int(case.created_at.timestamp())}:f>",
        f"Reason: {case.reason or 'none given'}",
    ]
    if case.expires_at:
        lines.append(f"Expires: <t:{int(case.expires_at.timestamp())}:f>")
    if case.reason_edited_at:
        lines.append(f"Reason edited by <@{case.reason_edited_by}> <t:{int(case.reason_edited_at.timestamp())}:R>")
    if case.pardoned:
        lines.append(f"Pardoned by <@{case.pardoned_by}>: {case.pardon_reason}")
    if case.discord_state.value == "failed":
        lines.append(f"Not done on Discord: {case.discord_error}")
    return "\n".join(lines)


def case_line(case: Case, *, counts: bool | None = None) -> str:
    flag = "" if counts is None else (" · counts" if counts else " · expired" if not case.pardoned else " · pardoned")
    reason = (case.reason or "no reason")[:80]
    return f"`#{case.number}` {TITLE[case.type]} <t:{int(case.created_at.timestamp())}:d>{flag} — {reason}"
