"""The action journal in the database: one transaction writes a case, its audit entry, its outbox row, its
expiry and the expiries it supersedes, before any Discord call; settling writes what Discord made of it.

The event that asked (`action_source`, unique) is claimed in the same transaction: a concurrent copy waits on
the unique index (Postgres) or the IMMEDIATE lock (SQLite) and then finds the first one's case."""

from datetime import datetime

import peewee as pw

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.moderation.cases import Case, CaseType, DiscordState
from aegis.domain.moderation.journal import (
    Journaled,
    JournalEntry,
    OutboxRow,
    OutboxState,
    Step,
    StepState,
    Undo,
    describe_steps,
    outcome_of,
)
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleState
from aegis.storage import models as m
from aegis.storage.moderation import audit, cases, schedule
from aegis.storage.session import database

Outbox = m.OutboxAction
LIFTS = (CaseType.UNBAN, CaseType.UNTIMEOUT, CaseType.UNMUTE)
CASE_STATE = {
    OutboxState.APPLIED: DiscordState.APPLIED,
    OutboxState.FAILED: DiscordState.FAILED,
    OutboxState.PARTIAL: DiscordState.PARTIAL,
}


def write(entry: JournalEntry) -> Journaled:
    with database().atomic():
        source = _claim_source(entry.source_id)
        if isinstance(source, Case):
            return Journaled(source, outbox_for_case(source.id), replay=True)
        case = cases.create(entry.case, audit_metadata=entry.audit_metadata)
        if source is not None:
            m.ActionSource.update(case=case.id).where(m.ActionSource.id == source).execute()
        cancelled = _cancel_superseded(case, entry)
        ended = _end_replaced(case, entry)
        expiry_id = _add_expiry(case, entry)
        outbox = None
        if entry.steps:
            undo = Undo(tuple(cancelled), tuple(ended), expiry_id)
            outbox = _add_outbox(case, entry, undo)
    return Journaled(case, outbox, expiry_id=expiry_id, cancelled_expiry_ids=tuple(cancelled))


def _claim_source(source_id: int | None) -> int | Case | None:
    """The new source row's id; the first outcome's case when the event already asked; None: no source."""
    if source_id is None:
        return None
    try:
        with database().atomic():
            return m.ActionSource.create(source_id=source_id, created_at=clock.now()).id
    except pw.IntegrityError:
        first = m.ActionSource.get(m.ActionSource.source_id == source_id)
        return cases.get_by_id(first.case_id)


def _cancel_superseded(case: Case, entry: JournalEntry) -> list[int]:
    if not entry.supersedes:
        return []
    old = schedule.pending_for_target(case.guild_id, case.target_id, entry.supersedes)
    return [action.id for action in old if schedule.cancel(action.id)]


def _end_replaced(case: Case, entry: JournalEntry) -> list[int]:
    ended = []
    for older in cases.active_for_target(case.guild_id, case.target_id, tuple(entry.ends)):
        if older.id != case.id:
            actor = Actor(case.actor_kind, case.moderator_id)
            how = "lifted" if case.type in LIFTS else "replaced"
            cases.end(older.id, actor, "case.supersede", f"{how} by case #{case.number}")
            ended.append(older.id)
    return ended


def _add_expiry(case: Case, entry: JournalEntry) -> int | None:
    if entry.expiry is None or case.expires_at is None:
        return None
    kind, payload = entry.expiry
    return schedule.add(NewScheduledAction(case.guild_id, kind, case.expires_at, case.target_id, case.id, payload)).id


def _add_outbox(case: Case, entry: JournalEntry, undo: Undo) -> OutboxRow:
    at = clock.now()
    row = Outbox.create(
        guild=case.guild_id,
        case=case.id,
        steps=[_step_json(s) for s in entry.steps],
        state=OutboxState.IN_FLIGHT.value,
        undo={
            "cancelled_expiry_ids": list(undo.cancelled_expiry_ids),
            "ended_case_ids": list(undo.ended_case_ids),
            "expiry_id": undo.expiry_id,
        },
        owner=entry.owner,
        lease_until=entry.lease_until,
        created_at=at,
        updated_at=at,
    )
    return to_domain(row)


def progress(outbox_id: int, steps: tuple[Step, ...], expire_lease: bool = False) -> None:
    """A step was answered: kept, so a crash before the next one is known exactly. `expire_lease`: the owner
    gives the row up (it could not tell what Discord did) for the reconciler to settle now."""
    changes = {Outbox.steps: [_step_json(s) for s in steps], Outbox.updated_at: clock.now()}
    if expire_lease:
        changes[Outbox.lease_until] = clock.now()
    Outbox.update(changes).where(Outbox.id == outbox_id).execute()


def renew(outbox_id: int, owner: str, lease_until: datetime) -> bool:
    updated = (
        Outbox.update(lease_until=lease_until)
        .where((Outbox.id == outbox_id) & (Outbox.owner == owner) & (Outbox.state == OutboxState.IN_FLIGHT.value))
        .execute()
    )
    return updated == 1


def case_of(outbox_id: int) -> Case:
    return cases.get_by_id(Outbox.get_by_id(outbox_id).case_id)


def settle(outbox_id: int, steps: tuple[Step, ...], result: dict | None = None, decided_by: str | None = None) -> Case:
    """What Discord made of every step: the outbox row and the case say it, with an audit entry; a refused
    action gives back what its journal entry took (older expiries, older cases) and cancels its own expiry."""
    state = outcome_of(steps)
    error = None if state is OutboxState.APPLIED else describe_steps(steps)
    with database().atomic():
        row = Outbox.get_by_id(outbox_id)
        Outbox.update(
            steps=[_step_json(s) for s in steps], state=state.value, error=error, updated_at=clock.now()
        ).where(Outbox.id == outbox_id).execute()
        if decided_by:
            _audit_reconcile(row, state, error, decided_by)
        if state is OutboxState.FAILED:
            _give_back(to_domain(row).undo)
        return cases.set_discord_state(row.case_id, CASE_STATE[state], _case_error(steps, state), result)


def _case_error(steps: tuple[Step, ...], state: OutboxState) -> str | None:
    if state is OutboxState.APPLIED:
        return None
    if state is OutboxState.FAILED and len(steps) == 1:
        return steps[0].error
    return describe_steps(steps)


def _give_back(undo: Undo) -> None:
    for expiry_id in undo.cancelled_expiry_ids:
        schedule.S.update(state=ScheduleState.PENDING.value, updated_at=clock.now()).where(
            (schedule.S.id == expiry_id) & (schedule.S.state == ScheduleState.CANCELLED.value)
        ).execute()
    for case_id in undo.ended_case_ids:
        m.Case.update(active=True, ended_at=None, end_reason=None).where(m.Case.id == case_id).execute()
    if undo.expiry_id is not None:
        schedule.cancel(undo.expiry_id)


def _audit_reconcile(row: Outbox, state: OutboxState, error: str | None, decided_by: str) -> None:
    audit.record(
        NewAuditEntry(
            Actor(ActorKind.SYSTEM),
            "outbox.reconcile",
            row.guild_id,
            None,
            error,
            {"outbox_id": row.id, "state": state.value, "decided": decided_by},
            row.case_id,
        )
    )


def in_flight(*, lease_before: datetime | None = None) -> list[OutboxRow]:
    query = Outbox.select().where(Outbox.state == OutboxState.IN_FLIGHT.value)
    if lease_before is not None:
        query = query.where(Outbox.lease_until < lease_before)
    return [to_domain(row) for row in query.order_by(Outbox.id)]


def take_over(outbox_id: int, previous_owner: str, owner: str, lease_until: datetime) -> bool:
    """The reconciler takes a dead owner's row; False when another process took it first."""
    updated = (
        Outbox.update(owner=owner, lease_until=lease_until, updated_at=clock.now())
        .where(
            (Outbox.id == outbox_id) & (Outbox.owner == previous_owner) & (Outbox.state == OutboxState.IN_FLIGHT.value)
        )
        .execute()
    )
    return updated == 1


def outbox_for_case(case_id: int) -> OutboxRow | None:
    row = Outbox.select().where(Outbox.case == case_id).order_by(Outbox.id.desc()).first()
    return None if row is None else to_domain(row)


def _step_json(step: Step) -> dict:
    return {"call": step.call, "args": step.args, "state": step.state.value, "error": step.error}


def to_domain(row: Outbox) -> OutboxRow:
    undo = row.undo or {}
    return OutboxRow(
        id=row.id,
        guild_id=row.guild_id,
        case_id=row.case_id,
        steps=tuple(Step(s["call"], s["args"], StepState(s["state"]), s.get("error")) for s in row.steps),
        state=OutboxState(row.state),
        error=row.error,
        undo=Undo(
            tuple(undo.get("cancelled_expiry_ids", ())), tuple(undo.get("ended_case_ids", ())), undo.get("expiry_id")
        ),
        owner=row.owner,
        lease_until=row.lease_until,
        created_at=row.created_at,
    )
