from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    MODERATOR = "moderator"
    AUTOMOD = "automod"
    OPERATOR = "operator"
    SYSTEM = "system"
    UNKNOWN = "unknown"  # done in Discord by someone Discord did not name (no View Audit Log)


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: int | None = None  # a Discord user id for moderators; None for automod, operator and system

    @classmethod
    def moderator(cls, user_id: int) -> "Actor":
        return cls(ActorKind.MODERATOR, user_id)


AUTOMOD = Actor(ActorKind.AUTOMOD)
OPERATOR = Actor(ActorKind.OPERATOR)
SYSTEM = Actor(ActorKind.SYSTEM)
UNKNOWN = Actor(ActorKind.UNKNOWN)
