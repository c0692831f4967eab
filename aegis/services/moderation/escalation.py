"""Escalation: a warning that brings a member's active warnings to a rung's count fires that rung's action."""

from dataclasses import replace
from datetime import timedelta

from aegis import clock
from aegis.domain.actors import SYSTEM
from aegis.domain.durations import timeout_end
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.cases import CaseType
from aegis.domain.refusals import Refusal
from aegis.domain.wording import plural
from aegis.services.dbcall import db_call
from aegis.services.moderation.action_path import ActionPath
from aegis.services.moderation.journal import steps
from aegis.services.moderation.request import Acted, Outcome, Request
from aegis.storage.moderation import cases


async def escalate(path: ActionPath, req: Request, warned: Acted, settings: GuildSettings) -> Outcome:
    count = await db_call(cases.active_warning_count, req.guild_id, req.target_id, clock.now())
    rung_number, rung = next(((i, r) for i, r in enumerate(settings.escalation, 1) if r.warnings == count), (0, None))
    if rung is None:
        return warned
    duration = timedelta(seconds=rung.duration_s) if rung.duration_s else None
    auto = replace(
        req,
        actor=SYSTEM,
        moderator=None,
        source_id=None,
        metadata=None,
        reason=f"Escalation: {plural(count, 'active warning')} (rung {rung_number}, after case #{warned.case.number})",
    )
    extra = {"escalation_rung": rung_number, "warnings": count, "trigger_case": warned.case.number}
    at = clock.now()
    if rung.action is CaseType.TIMEOUT:
        until = timeout_end(at, duration or timedelta(hours=1))
        ask = steps.timeout(req.target_id, until, auto.reason)
        outcome = await path.act(
            auto, CaseType.TIMEOUT, (ask,), at=at, expires_at=until, audit_metadata=extra, settings=settings
        )
    elif rung.action is CaseType.KICK:
        ask = steps.kick(req.target_id, auto.reason)
        outcome = await path.act(auto, CaseType.KICK, (ask,), audit_metadata=extra, settings=settings)
    else:
        ask = steps.ban(req.target_id, auto.reason)
        kind = CaseType.TEMPBAN if duration else CaseType.BAN
        expires_at = at + duration if duration else None
        outcome = await path.act(
            auto, kind, (ask,), at=at, expires_at=expires_at, audit_metadata=extra, settings=settings
        )
    if isinstance(outcome, Refusal):
        return replace(warned, notes=warned.notes + (f"Escalation rung {rung_number} could not act: {outcome}",))
    return replace(warned, escalation=outcome.case, notes=warned.notes + outcome.notes)
