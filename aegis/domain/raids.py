"""Raid mode: a guild under a join spike, and the cohort of members who joined in it."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aegis.domain.actors import ActorKind


class RaidTrigger(StrEnum):
    SPIKE = "spike"  # the guild's joins bucket overflowed
    MODERATOR = "moderator"  # /raid on
    CONSOLE = "console"  # the operator, from `aegis tui`


class RaidAction(StrEnum):
    """What raid mode does to each member who joins while it is on."""

    ALERT = "alert"  # record them in the cohort and tell moderators; nothing else
    TIMEOUT = "timeout"
    KICK = "kick"
    HOLD = "hold"  # give them the guild's hold role (a role that can see nothing but a waiting room)


class RaidResolution(StrEnum):
    """What `/raid resolve` does to the whole cohort."""

    BAN = "ban"
    KICK = "kick"
    RELEASE = "release"  # lift the timeout or hold role: they were real members after all


@dataclass(frozen=True, slots=True)
class Raid:
    id: int
    guild_id: int
    trigger: RaidTrigger
    action: RaidAction
    started_at: datetime
    started_by_kind: ActorKind
    started_by_id: int | None
    reason: str | None
    joins: int  # members recorded in the cohort
    last_join_at: datetime | None
    ended_at: datetime | None
    ended_by_kind: ActorKind | None
    ended_by_id: int | None
    end_reason: str | None
    # When a bot process took the change up (alerted moderators, started or stopped acting on joins): the
    # console switches raid mode through the database and shows these to say the bot has done it.
    start_seen_at: datetime | None
    end_seen_at: datetime | None

    @property
    def active(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True, slots=True)
class CohortMember:
    raid_id: int
    user_id: int
    joined_at: datetime
    account_created_at: datetime | None
    handled: str  # what raid mode did on join: "timeout", "hold", "kick", "alert", or "failed: why"
    resolution: RaidResolution | None
    resolved_at: datetime | None
    resolution_error: str | None
