"""Every sentence the record commands answer with: one case, a member's cases or warnings, a pardon, a reason edit."""

from aegis.domain.moderation.cases import Case, TargetKind
from aegis.domain.wording import article
from aegis.services.wording.moderation import TITLE

READING = "read members' records"


def when(moment, style: str = "f") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def case_detail(case: Case) -> str:
    state = "pardoned" if case.pardoned else ("active" if case.active else "ended")
    lines = [
        f"**Case #{case.number} · {TITLE[case.type]}** ({state})",
        f"Target: <@{case.target_id}>" if case.target_kind is TargetKind.USER else f"Target: <#{case.target_id}>",
        f"By: {'<@%d>' % case.moderator_id if case.moderator_id else case.actor_kind.value}",
        f"When: {when(case.created_at)}",
        f"Reason: {case.reason or 'none given'}",
    ]
    if case.expires_at:
        lines.append(f"Expires: {when(case.expires_at)}")
    if case.reason_edited_at:
        lines.append(f"Reason edited by <@{case.reason_edited_by}> {when(case.reason_edited_at, 'R')}")
    if case.pardoned:
        lines.append(f"Pardoned by <@{case.pardoned_by}>: {case.pardon_reason}")
    if case.discord_state.value == "failed":
        lines.append(f"Not done on Discord: {case.discord_error}")
    if case.discord_state.value == "partial":
        lines.append(f"Partly done on Discord: {case.discord_error}")
    if case.discord_state.value == "pending":
        lines.append("Being checked with Discord: it did not answer yet")
    if case.end_reason:
        lines.append(f"Ended: {case.end_reason}")
    return "\n".join(lines)


def case_line(case: Case, *, counts: bool | None = None) -> str:
    flag = "" if counts is None else (" · counts" if counts else " · expired" if not case.pardoned else " · pardoned")
    reason = (case.reason or "no reason")[:80]
    return f"`#{case.number}` {TITLE[case.type]} {when(case.created_at, 'd')}{flag} — {reason}"


def listing(mention: str, warnings_only: bool, active_warnings: int, page: int, lines: list[str], more: bool) -> str:
    kind = "warnings" if warnings_only else "cases"
    head = f"**{kind.title()} for {mention}** — {active_warnings} active warning(s), page {page}"
    text = "\n".join([head, *(lines or [f"No {kind} on this page."])])
    return text + (f"\nMore: use page:{page + 1}" if more else "")


def reason_updated(number: int) -> str:
    return f"✅ Case #{number} reason updated."


def pardoned(number: int) -> str:
    return f"✅ Case #{number} pardoned."


def unknown_case(number: int) -> str:
    return f"There is no case #{number} in this server."


def not_a_warning(number: int, kind: str) -> str:
    return f"Case #{number} is {article(kind)}, not a warning; only warnings are pardoned."


def already_pardoned(number: int) -> str:
    return f"Case #{number} was already pardoned."
