"""What an operator changes from the console; each writes its change and its audit entry in one transaction."""

from datetime import datetime

from aegis.domain.actors import Actor
from aegis.domain.moderation.cases import Case
from aegis.errors import AegisError
from aegis.services.moderation.records import pardon_refusal
from aegis.storage import console
from aegis.storage.moderation import cases


def pardon(case: Case, actor: Actor, reason: str) -> bool:
    """The slash command's rule, on the case as it is now (someone may have pardoned it meanwhile)."""
    found = cases.get(case.guild_id, case.number)
    refusal = pardon_refusal(found, case.number)
    if refusal is not None:
        raise AegisError(refusal.reason)
    return cases.pardon(case.guild_id, case.number, actor, reason) is not None


def cancel_schedule(action_id: int, actor: Actor, reason: str | None = None) -> bool:
    return console.cancel_schedule(action_id, actor, reason)


def reschedule(action_id: int, due_at: datetime, actor: Actor, reason: str | None = None) -> bool:
    return console.reschedule(action_id, due_at, actor, reason)
