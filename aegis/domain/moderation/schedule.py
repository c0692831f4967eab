from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ScheduleKind(StrEnum):
    UNBAN = "unban"  # lifts a tempban on Discord and ends its case
    UNTIMEOUT = "untimeout"  # Discord lifts timeouts by itself; this ends the case on time
    UNMUTE = "unmute"  # takes the mute role off and ends the case
    AUTOROLE = "autorole"  # gives a newcomer a role the server's /autorole gives after a delay
    ANNOUNCE = "announce"  # posts a moderator's /announce at its time (and schedules the next of a repeating one)


class ScheduleState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class NewScheduledAction:
    guild_id: int
    kind: ScheduleKind
    due_at: datetime
    target_id: int | None = None
    case_id: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScheduledAction:
    id: int
    guild_id: int
    kind: ScheduleKind
    due_at: datetime
    target_id: int | None
    case_id: int | None
    payload: dict[str, Any]
    state: ScheduleState
    attempts: int
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    owner: str | None = None  # while running: the process that claimed it (host:pid)
    lease_until: datetime | None = None
