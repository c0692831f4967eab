"""The action journal: the Discord effect a case asks for, as steps, written before any Discord call."""

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from aegis.domain.moderation.cases import Case, NewCase
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleKind


class StepState(StrEnum):
    PENDING = "pending"  # asked of Discord, answer not recorded (yet): the reconciler's to find out
    APPLIED = "applied"
    FAILED = "failed"
    PARTLY = "partly"  # one call of many requests stopped half-way (a purge): `error` says how far it got


class OutboxState(StrEnum):
    IN_FLIGHT = "in_flight"
    APPLIED = "applied"
    FAILED = "failed"
    PARTIAL = "partial"  # some steps happened, a later one did not (a softban left banned)


@dataclass(frozen=True, slots=True)
class Step:
    """One Discord call: `call` names the gateway method, `args` its arguments (JSON)."""

    call: str
    args: dict[str, Any] = field(default_factory=dict)
    state: StepState = StepState.PENDING
    error: str | None = None

    def settled(self, state: StepState, error: str | None = None) -> "Step":
        return replace(self, state=state, error=error)


@dataclass(frozen=True, slots=True)
class Undo:
    """What the journal did ahead of the call, given back when Discord refuses: the older expiries it cancelled,
    the older cases it ended, the expiry it added."""

    cancelled_expiry_ids: tuple[int, ...] = ()
    ended_case_ids: tuple[int, ...] = ()
    expiry_id: int | None = None


@dataclass(frozen=True, slots=True)
class JournalEntry:
    case: NewCase
    steps: tuple[Step, ...]
    owner: str
    lease_until: datetime
    source_id: int | None = None
    expiry: tuple[ScheduleKind, dict] | None = None  # the expiry row's kind and payload, due at case.expires_at
    supersedes: tuple[ScheduleKind, ...] = ()  # pending expiries of these kinds on the target are cancelled
    ends: tuple = ()  # active cases of these types on the target end, replaced by this one
    audit_metadata: dict | None = None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    guild_id: int
    case_id: int | None
    steps: tuple[Step, ...]
    state: OutboxState
    error: str | None
    undo: Undo
    owner: str
    lease_until: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Journaled:
    case: Case
    outbox: OutboxRow | None  # None: nothing to ask of Discord (a warning, a note)
    replay: bool = False  # the event had already asked: `case` is the first outcome, nothing was written
    expiry: NewScheduledAction | None = None
    expiry_id: int | None = None
    cancelled_expiry_ids: tuple[int, ...] = ()


def outcome_of(steps: tuple[Step, ...]) -> OutboxState:
    states = {s.state for s in steps}
    if states == {StepState.APPLIED}:
        return OutboxState.APPLIED
    if StepState.PARTLY in states:
        return OutboxState.PARTIAL
    if StepState.FAILED in states:
        return OutboxState.PARTIAL if StepState.APPLIED in states else OutboxState.FAILED
    return OutboxState.IN_FLIGHT


def describe_steps(steps: tuple[Step, ...]) -> str:
    return "; ".join(f"{s.call} {s.state.value}" + (f" ({s.error})" if s.error else "") for s in steps)
