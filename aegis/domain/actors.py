from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    MODERATOR = "moderator"
    AUTOMOD = "automod"
    OPERATOR = "operator"
    SYSTEM = "system"
    MEMBER = "member"  # a member acting on their own behalf (asking for their data)


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
