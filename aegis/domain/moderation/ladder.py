"""The escalation ladder as moderators write it: "3 timeout 1h, 5 kick, 7 ban" (or "none")."""

from datetime import timedelta

from aegis.domain.durations import TIMEOUT_LIMIT, BadDuration, describe, parse_duration
from aegis.domain.guilds import ESCALATION_ACTIONS, EscalationRung
from aegis.domain.moderation.cases import CaseType
from aegis.domain.refusals import Refusal

EXAMPLE = '"3 timeout 1h, 5 kick, 7 ban" (or "none")'


def parse_ladder(text: str) -> tuple[EscalationRung, ...] | Refusal:
    if text.strip().lower() in ("none", "off", ""):
        return ()
    rungs: list[EscalationRung] = []
    for part in (p.strip() for p in text.split(",")):
        words = part.split()
        if len(words) not in (2, 3) or not words[0].isdigit() or int(words[0]) < 1:
            return _bad(part, "each rung is a number of warnings, an action and, for timeout or tempban, a duration")
        action = words[1].lower()
        if action not in {a.value for a in ESCALATION_ACTIONS}:
            return _bad(part, f"the action must be one of {', '.join(a.value for a in ESCALATION_ACTIONS)}")
        kind = CaseType(action)
        timed = kind in (CaseType.TIMEOUT, CaseType.TEMPBAN)
        if timed != (len(words) == 3):
            return _bad(part, f"{action} {'needs' if timed else 'takes no'} duration")
        duration = (
            parse_duration(words[2], maximum=TIMEOUT_LIMIT)
            if kind is CaseType.TIMEOUT
            else (parse_duration(words[2]) if timed else None)
        )
        if isinstance(duration, BadDuration):
            return _bad(part, str(duration))
        rungs.append(EscalationRung(int(words[0]), kind, int(duration.total_seconds()) if duration else None))
    counts = [r.warnings for r in rungs]
    if counts != sorted(set(counts)):
        return Refusal(
            "ladder",
            f"Rungs must go up in warnings with no repeats (got {', '.join(map(str, counts))}); for example {EXAMPLE}.",
        )
    return tuple(rungs)


def describe_ladder(rungs: tuple[EscalationRung, ...]) -> str:
    if not rungs:
        return "none"
    return ", ".join(
        f"{r.warnings} → {r.action.value}" + (f" {describe(timedelta(seconds=r.duration_s))}" if r.duration_s else "")
        for r in rungs
    )


def _bad(part: str, why: str) -> Refusal:
    return Refusal("ladder", f"I could not read the rung {part!r}: {why}. For example {EXAMPLE}.")
