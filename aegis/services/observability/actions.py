"""One log line and one count per moderation action, refusal, failure and expiry, whoever asked.

Fitted around the moderation service's public actions (the one facade every caller uses: commands, automod, raid
mode), so the action path itself stays free of it."""

import functools
import logging

from aegis.domain.actors import Actor
from aegis.domain.moderation.cases import Case, DiscordState
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.observability.metrics import EXPIRIES, MODERATION_ACTIONS
from aegis.storage.moderation import cases

log = logging.getLogger("aegis.actions")
ACTIONS = (
    "warn",
    "note",
    "timeout",
    "untimeout",
    "kick",
    "ban",
    "softban",
    "unban",
    "mute",
    "unmute",
    "automod_case",
    "purge",
    "slowmode",
    "lock",
)
REFUSED_TYPE = {"automod_case": "automod"}  # a refusal has no case: its type is the action's, named as cases name it
# A Refusal with one of these checks means Discord was asked and said no (or did not answer): a failure, not a
# refusal of Aegis's own checks.
DISCORD_FAILURES = ("discord", "discord_unanswered")


def observe(moderation) -> None:
    """Wrap the service's actions and its expiry runner (on this instance) so each outcome is logged and counted.
    Wrapping the instance, not editing each action, keeps this one place whatever the action path becomes; the
    escalation rungs the path fires itself arrive as `Acted.escalation` and get their own line."""
    for name in ACTIONS:
        if hasattr(moderation, name):
            setattr(moderation, name, _observed(name, getattr(moderation, name)))
    moderation.run_expiry = _observed_expiry(moderation.run_expiry)


def _observed(name: str, act):
    @functools.wraps(act)
    async def observed(req, *args, **kwargs):
        outcome = await act(req, *args, **kwargs)
        if isinstance(outcome, Refusal):
            refused(name, req, outcome)
        elif not getattr(outcome, "replayed", False):
            acted(outcome.case)
            if outcome.escalation is not None:
                acted(outcome.escalation)
        return outcome

    return observed


def actor_label(kind, user_id: int | None) -> str:
    return f"{kind}:{user_id}" if user_id else str(kind)


def acted(case: Case) -> None:
    outcome = "recorded" if case.discord_state is DiscordState.NOT_NEEDED else case.discord_state.value
    MODERATION_ACTIONS.labels(case.type.value, outcome).inc()
    fields = {
        "event": "moderation.action",
        "action": case.type.value,
        "outcome": outcome,
        "guild": case.guild_id,
        "case": case.number,
        "actor": actor_label(case.actor_kind, case.moderator_id),
        "target": case.target_id,
        "reason": case.reason,
    }
    if case.metadata.get("rule"):
        fields["rule"] = case.metadata["rule"]
    if case.expires_at:
        fields["expires_at"] = case.expires_at.isoformat()
    if case.discord_error:
        fields["discord"] = case.discord_error
    log.info("moderation action", extra={"fields": fields})


def refused(name: str, req, refusal: Refusal) -> None:
    outcome = "failed" if refusal.check in DISCORD_FAILURES else "refused"
    name = REFUSED_TYPE.get(name, name)
    MODERATION_ACTIONS.labels(name, outcome).inc()
    actor: Actor = req.actor
    fields = {
        "event": "moderation.action",
        "action": name,
        "outcome": outcome,
        "guild": req.guild_id,
        "actor": actor_label(actor.kind, actor.id),
        "target": req.target_id,
        "check": refusal.check,
        "reason": refusal.reason,  # for a failure: Discord's answer, and the case it is recorded in
    }
    level = logging.WARNING if outcome == "failed" else logging.INFO
    log.log(level, "moderation action %s", outcome, extra={"fields": fields})


def _observed_expiry(run):
    @functools.wraps(run)
    async def observed(action):
        result = await run(action)
        expired(action, result, await db_call(cases.get_by_id, action.case_id) if action.case_id else None)
        return result

    return observed


def expired(action, result, case: Case | None) -> None:
    outcome = "done" if result is None else type(result).__name__.lower()  # DONE is None; Retry, Failed
    EXPIRIES.labels(action.kind.value, outcome).inc()
    fields = {
        "event": "moderation.expiry",
        "expiry": action.kind.value,
        "result": outcome,
        "guild": action.guild_id,
        "case": case.number if case else None,
        "actor": "system",
        "target": action.target_id,
        "attempt": action.attempts,
    }
    if result is not None:
        fields["error"] = result.error
    log.log(logging.INFO if result is None else logging.WARNING, "expiry %s", outcome, extra={"fields": fields})
