from dataclasses import dataclass, field
from enum import StrEnum


class ActorKind(StrEnum):
    MODERATOR = "moderator"
    AUTOMOD = "automod"
    OPERATOR = "operator"
    SYSTEM = "system"
    UNKNOWN = "unknown"  # done in Discord by someone Discord did not name (no View Audit Log)
    MEMBER = "member"  # a member acting on their own behalf (asking for their data)


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: int | None = None  # a Discord user id for moderators; None for automod, operator and system
    # A moderator's server permissions as Discord reported them when they asked (the bot reads them from the
    # interaction), so services can check again; None where no Discord member asks (the console, the CLI).
    permissions: frozenset[str] | None = field(default=None, compare=False)

    @classmethod
    def moderator(cls, user_id: int, permissions: frozenset[str] | None = None) -> "Actor":
        return cls(ActorKind.MODERATOR, user_id, permissions)


AUTOMOD = Actor(ActorKind.AUTOMOD)
OPERATOR = Actor(ActorKind.OPERATOR)
SYSTEM = Actor(ActorKind.SYSTEM)
UNKNOWN = Actor(ActorKind.UNKNOWN)
