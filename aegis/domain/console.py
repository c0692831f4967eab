"""What the operator console shows that is not a stored record as such: a case's status, the names beside
ids, and a stored case this version cannot read (so one odd row never blanks the screen)."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from aegis.domain.cases import Case


class CaseStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    PARDONED = "pardoned"


def status_of(case: Case, at: datetime) -> CaseStatus:
    if case.pardoned:
        return CaseStatus.PARDONED
    if case.active and (case.expires_at is None or case.expires_at > at):
        return CaseStatus.ACTIVE
    return CaseStatus.EXPIRED


@dataclass(frozen=True, slots=True)
class UnreadableCase:
    """A case row with a type this version does not know (a newer Aegis wrote it) or metadata that is not JSON:
    the fields that could be read, raw, and what could not."""

    id: int
    guild_id: int
    number: int
    type: str
    target_id: int | None
    moderator_id: int | None
    actor_kind: str
    reason: str | None
    created_at: datetime | None
    error: str
    metadata_readable: bool


@dataclass(frozen=True, slots=True)
class Names:
    """Guild and user names as the bot last saw them; an id it never saw has no entry."""

    guilds: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)

    def guild(self, guild_id: int | None) -> str:
        return self.guilds.get(guild_id, "") if guild_id is not None else ""

    def user(self, user_id: int | None) -> str:
        return self.users.get(user_id, "") if user_id is not None else ""
