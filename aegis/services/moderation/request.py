"""What an action is asked with and what it comes to: the types every piece of the action path shares."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aegis.domain.actors import Actor
from aegis.domain.moderation.cases import Case
from aegis.domain.refusals import Refusal
from aegis.services.moderation.checks import Person


@dataclass(frozen=True)
class Request:
    """Who asks (`moderator` None when Aegis acts on its own), on what, and why."""

    guild_id: int
    guild_name: str
    actor: Actor
    moderator: Person | None
    bot: Person
    target_id: int
    target: Person | None = None  # None: not a member (a user id, or a channel)
    reason: str | None = None
    source_id: int | None = None  # the interaction or message that asked; a replayed event is ignored
    metadata: dict | None = None  # stored on the case, e.g. automod's rule, match and counts


@dataclass(frozen=True)
class Acted:
    case: Case
    notes: tuple[str, ...] = ()
    escalation: Case | None = None
    replayed: bool = False  # the event had asked before: this is the first delivery's outcome, nothing was done


Outcome = Acted | Refusal
DiscordCall = Callable[[], Awaitable[dict | None]]
