from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from aegis.domain.actors import ActorKind


class CaseType(StrEnum):
    WARN = "warn"
    NOTE = "note"
    TIMEOUT = "timeout"
    UNTIMEOUT = "untimeout"
    KICK = "kick"
    BAN = "ban"
    TEMPBAN = "tempban"
    SOFTBAN = "softban"
    UNBAN = "unban"
    MUTE = "mute"  # the guild's mute role, given for a time or until lifted
    UNMUTE = "unmute"
    PURGE = "purge"
    SLOWMODE = "slowmode"
    LOCKDOWN = "lockdown"
    UNLOCK = "unlock"
    AUTOMOD = "automod"


class TargetKind(StrEnum):
    USER = "user"
    CHANNEL = "channel"
    GUILD = "guild"


class DiscordState(StrEnum):
    """Whether the action a case records has happened on Discord; never left silently in between."""

    PENDING = "pending"
    APPLIED = "applied"
    FAILED = "failed"
    PARTIAL = "partial"  # a multi-step action stopped half-way (a softban left banned); the case says which step
    NOT_NEEDED = "not_needed"  # warnings and notes exist only in Aegis


@dataclass(frozen=True, slots=True)
class NewCase:
    guild_id: int
    type: CaseType
    target_id: int
    actor_kind: ActorKind
    moderator_id: int | None
    reason: str | None = None
    target_kind: TargetKind = TargetKind.USER
    expires_at: datetime | None = None
    discord_state: DiscordState = DiscordState.PENDING
    metadata: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None  # None: now; timed actions pass the instant their expiry counts from


@dataclass(frozen=True, slots=True)
class Case:
    id: int
    guild_id: int
    number: int
    type: CaseType
    target_id: int
    target_kind: TargetKind
    actor_kind: ActorKind
    moderator_id: int | None
    reason: str | None
    created_at: datetime
    expires_at: datetime | None
    ended_at: datetime | None
    active: bool
    pardoned_at: datetime | None
    pardoned_by: int | None
    pardon_reason: str | None
    discord_state: DiscordState
    discord_error: str | None
    reason_edited_at: datetime | None
    reason_edited_by: int | None
    metadata: dict[str, Any]
    end_reason: str | None = None  # what ended it: "expired", "lifted by case #12", "replaced by case #13"

    @property
    def pardoned(self) -> bool:
        return self.pardoned_at is not None

    def counts_as_active_warning(self, at: datetime) -> bool:
        return (
            self.type is CaseType.WARN
            and self.active
            and not self.pardoned
            and (self.expires_at is None or self.expires_at > at)
        )


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
