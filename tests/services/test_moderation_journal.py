"""The action journal: written before Discord is asked, settled whatever Discord does, reconciled after a crash,
idempotent per event, and expiries that lift only what is still in force."""

import asyncio
import socket
from dataclasses import replace
from datetime import timedelta

import pytest

from aegis import clock
from aegis.domain.moderation.cases import CaseType, DiscordState
from aegis.domain.moderation.journal import OutboxState
from aegis.domain.moderation.schedule import ScheduleState
from aegis.domain.refusals import Refusal
from aegis.services.moderation.checks import Person
from aegis.services.moderation.expiries import ExpiryScheduler, Retry
from aegis.services.moderation.journal import leases
from aegis.services.moderation.service import Acted
from aegis.services.ports import PurgeFilter
from aegis.storage import models as m
from aegis.storage.moderation import audit, cases, journal, schedule
from tests.services.fake_gateway import FakeGateway
from tests.services.test_moderation import GUILD, MEMBER, req

CHANNEL = 3000


def outbox_of(case_id: int):
    return journal.outbox_for_case(case_id)


async def test_the_journal_is_written_before_discord_is_asked(service, gateway):
    seen = {}
    real_ban = gateway.ban

    async def ban_and_look(guild_id, user_id, **kw):
        [case] = cases.for_target(GUILD, MEMBER.id)
        seen.update(
            case=case.discord_state,
            outbox=outbox_of(case.id).state,
            expiry=[a.case_id for a in schedule.pending()],
            audit=[e.action for e in audit.page(audit.AuditFilter(case_id=case.id))],
        )
        await real_ban(guild_id, user_id, **kw)

    gateway.ban = ban_and_look
    acted = await service.ban(req(), duration=timedelta(hours=1))
    assert seen == {
        "case": DiscordState.PENDING,
        "outbox": OutboxState.IN_FLIGHT,
        "expiry": [acted.case.id],
        "audit": ["case.create"],
    }
    assert acted.case.discord_state is DiscordState.APPLIED and outbox_of(acted.case.id).state is OutboxState.APPLIED


class LostAnswer(FakeGateway):
    """Discord did (or did not) ban, and the connection dropped before the answer came back."""

    def __init__(self, applied: bool):
        super().__init__()
        self.applied, self.broken = applied, True

    async def ban(self, guild_id, user_id, *, reason, delete_message_seconds):
        if self.broken:
            self.broken = False
            if self.applied:
                self.state.bans[user_id] = reason
            raise ConnectionResetError("connection reset by peer")
        await super().ban(guild_id, user_id, reason=reason, delete_message_seconds=delete_message_seconds)


@pytest.mark.parametrize("applied", [True, False], ids=["discord-did-it", "discord-did-not"])
async def test_a_call_nobody_heard_the_answer_to_is_settled_against_discord(service, applied):
    service.gateway = service.path.gateway = service.reconciler.gateway = gateway = LostAnswer(applied)
    outcome = await service.ban(req(), duration=timedelta(hours=1))
    assert isinstance(outcome, Refusal) and outcome.check == "discord_unanswered"
    [case] = cases.for_target(GUILD, MEMBER.id)
    assert case.discord_state is DiscordState.PENDING and outbox_of(case.id).lease_until <= clock.now()

    assert await service.reconciler.run_once() == 1
    settled = cases.get_by_id(case.id)
    assert settled.discord_state is DiscordState.APPLIED and MEMBER.id in gateway.state.bans
    assert gateway.state.calls.count("ban") == (0 if applied else 1)  # asked again only when not done
    [decision] = audit.page(audit.AuditFilter(case_id=case.id, action="outbox.reconcile"))
    assert ("Discord shows it done" if applied else "tried again, done") in decision.metadata["decided"]
    assert [a.case_id for a in schedule.pending()] == [case.id]
    assert await service.reconciler.run_once() == 0


async def test_a_live_owners_row_is_left_alone_and_a_dead_ones_is_taken(service, gateway):
    acted = await service.warn(req())  # any case to hang outbox rows on
    entry = outbox_row(acted.case.id, owner="elsewhere:1", lease=timedelta(seconds=20))
    assert await service.reconciler.run_once() == 0
    m.OutboxAction.update(owner=f"{socket.gethostname()}:999999").where(m.OutboxAction.id == entry).execute()
    assert await service.reconciler.run_once() == 1  # a process on this host that no longer exists
    assert journal.outbox_for_case(acted.case.id).state is OutboxState.APPLIED and MEMBER.id in gateway.state.bans


BAN_STEP = {"call": "ban", "args": {"user_id": MEMBER.id, "reason": "x", "delete_message_seconds": 0}}


def outbox_row(case_id: int, owner: str, lease: timedelta, step: dict = BAN_STEP) -> int:
    at = clock.now()
    return m.OutboxAction.create(
        guild=GUILD,
        case=case_id,
        steps=[{**step, "state": "pending", "error": None}],
        state="in_flight",
        undo={},
        owner=owner,
        lease_until=at + lease,
        created_at=at,
        updated_at=at,
    ).id


async def test_an_interrupted_purge_is_marked_failed_not_repeated(service, gateway):
    acted = await service.note(req())
    purge = {
        "call": "purge",
        "args": {"channel_id": 3000, "count": 50, "author_id": None, "contains": None, "reason": "x"},
    }
    outbox_row(acted.case.id, owner="elsewhere:1", lease=timedelta(seconds=-1), step=purge)
    assert await service.reconciler.run_once() == 1
    assert "purge" not in gateway.state.calls
    row = journal.outbox_for_case(acted.case.id)
    assert row.state is OutboxState.FAILED and "not repeated" in row.error


async def test_a_softban_whose_unban_fails_is_partly_applied_step_by_step(service, gateway):
    gateway.fail_next("unban", 403)
    outcome = await service.softban(req())
    assert isinstance(outcome, Acted) and MEMBER.id in gateway.state.bans
    assert outcome.case.discord_state is DiscordState.PARTIAL
    assert outcome.case.discord_error == "ban applied; unban failed (403 Missing Permissions)"
    assert "Discord did only part of it" in outcome.notes[-1]
    assert outbox_of(outcome.case.id).state is OutboxState.PARTIAL


async def test_a_refused_ban_gives_back_what_it_superseded_and_corrects_its_dm(service, gateway):
    tempban = await service.ban(req(), duration=timedelta(hours=1))
    [expiry] = schedule.pending()
    gateway.fail_next("ban", 403)
    refused = await service.ban(req(reason="for good"))
    assert isinstance(refused, Refusal) and "Discord refused: Missing Permissions (403)" in refused.reason
    assert schedule.get(expiry.id).state is ScheduleState.PENDING  # the tempban still ends on time
    assert cases.get_by_id(tempban.case.id).active
    dms = [text for _, text in gateway.state.dms]
    assert dms[-2].startswith("You were banned") and dms[-1].startswith("Correction from Test Server")


async def test_unban_and_untimeout_end_the_case_they_lift_and_say_so(service, gateway):
    tempban = await service.ban(req(), duration=timedelta(hours=1))
    unban = await service.unban(req(reason="appeal"))
    ended = cases.get_by_id(tempban.case.id)
    assert not ended.active and ended.end_reason == f"lifted by case #{unban.case.number}"
    assert schedule.pending() == []
    first = await service.timeout(req(), timedelta(hours=1))
    second = await service.timeout(req(), timedelta(hours=2))
    assert cases.get_by_id(first.case.id).end_reason == f"replaced by case #{second.case.number}"
    lifted = await service.untimeout(req())
    assert cases.get_by_id(second.case.id).end_reason == f"lifted by case #{lifted.case.number}"
    assert [c.number for c in cases.active_for_target(GUILD, MEMBER.id, (CaseType.TIMEOUT,))] == []


async def test_one_event_delivered_twice_at_once_acts_once(service, gateway):
    outcomes = await asyncio.gather(*(service.ban(req(source_id=4242)) for _ in range(2)))
    assert {o.case.id for o in outcomes} == {outcomes[0].case.id}
    assert sorted(o.replayed for o in outcomes) == [False, True]
    assert gateway.state.calls.count("ban") == 1 and m.Case.select().count() == 1


async def test_a_replayed_refused_action_returns_the_refusal_and_asks_nothing(service, gateway):
    gateway.fail_next("kick", 403)
    first = await service.kick(req(source_id=777))
    again = await service.kick(req(source_id=777))
    assert isinstance(first, Refusal) and isinstance(again, Refusal) and again.check == "discord"
    assert gateway.state.calls.count("kick") == 1


async def test_a_claimed_expiry_lifts_nothing_once_a_newer_ban_is_in_force(service, gateway):
    await service.ban(req(), duration=timedelta(hours=1))
    [expiry] = schedule.pending()
    assert schedule.claim(expiry.id, "elsewhere:1", leases.until())  # another process already took it
    await service.ban(req(reason="for good"))
    assert await service.run_expiry(schedule.get(expiry.id)) is None
    assert MEMBER.id in gateway.state.bans and "unban" not in gateway.state.calls


async def test_only_a_dead_owners_expiry_claim_is_taken_back(service, gateway):
    await service.ban(req(), duration=timedelta(hours=1))
    [expiry] = schedule.pending()
    scheduler = ExpiryScheduler(service.run_expiry, service.expiry_gave_up, watch_every=3600)
    schedule.claim(expiry.id, "elsewhere:1", clock.now() + timedelta(minutes=5))  # alive, waiting out a 429
    assert await scheduler.take_back_dead_claims() == 0
    m.ScheduledAction.update(lease_until=clock.now() - timedelta(seconds=1)).execute()
    assert await scheduler.take_back_dead_claims() == 1 and schedule.get(expiry.id).state is ScheduleState.PENDING
    schedule.claim(expiry.id, f"{socket.gethostname()}:999999", clock.now() + timedelta(minutes=5))
    assert await scheduler.take_back_dead_claims() == 1  # this host, and that process is gone


async def test_a_replayed_warning_does_not_climb_the_ladder_again(service, gateway):
    for n in range(2):
        await service.warn(req(source_id=100 + n))
    third = await service.warn(req(source_id=102))
    assert third.escalation is not None and gateway.state.calls.count("timeout") == 1
    again = await service.warn(req(source_id=102))
    assert again.replayed and again.case.id == third.case.id
    assert gateway.state.calls.count("timeout") == 1 and m.Case.select().count() == 4


async def test_a_purge_that_stops_half_way_says_how_many_went(service, gateway):
    gateway.purge_stops_after = 100
    cleaner = Person(10, "@mod", 5, "@M", frozenset({"manage_messages"}))
    asked = replace(req(), moderator=cleaner, target_id=CHANNEL, target=None)
    outcome = await service.purge(asked, PurgeFilter(250))
    assert isinstance(outcome, Acted) and outcome.case.discord_state is DiscordState.PARTIAL
    assert outcome.case.metadata["deleted"] == 100
    assert outcome.case.discord_error == "purge partly (403 Missing Permissions after 100 deleted)"
    assert "100 messages deleted" in gateway.state.posts[-1][1]


async def test_an_expiry_due_while_its_action_is_unsettled_waits_for_the_reconciler(service, gateway):
    service.gateway = service.path.gateway = service.reconciler.gateway = service.expiry.gateway = LostAnswer(False)
    await service.ban(req(), duration=timedelta(hours=1))
    [expiry] = schedule.pending()
    assert isinstance(await service.run_expiry(expiry), Retry)  # not "done": the ban may yet be made
    await service.reconciler.run_once()
    assert await service.run_expiry(expiry) is None and MEMBER.id not in service.gateway.state.bans
    assert service.gateway.state.calls == ["ban", "unban"]


async def test_no_correction_is_sent_while_discord_has_not_said(service):
    service.gateway = service.path.gateway = service.notifier.gateway = LostAnswer(True)
    await service.ban(req())
    assert [text[:14] for _, text in service.gateway.state.dms] == ["You were banne"]


async def test_a_database_lost_after_discord_answered_is_not_told_as_nothing_recorded(service, gateway, monkeypatch):
    from aegis.services.dbcall import DatabaseUnavailable

    def gone(*_args, **_kwargs):
        raise DatabaseUnavailable("the database cannot be reached")

    monkeypatch.setattr(journal, "settle", gone)
    outcome = await service.ban(req(source_id=4242), duration=timedelta(hours=1))
    assert isinstance(outcome, Refusal) and outcome.check == "database_after_discord"
    assert "Case #1 is on record and Discord was asked" in outcome.reason
    assert MEMBER.id in gateway.state.bans  # Discord did it
    [case] = cases.for_target(GUILD, MEMBER.id)
    assert case.discord_state is DiscordState.PENDING  # in flight, for the reconciler: never "not done"
    assert outbox_of(case.id).state is OutboxState.IN_FLIGHT
