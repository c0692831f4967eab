"""Background work: purge and expiry retries wait while Discord's invalid-request count is high; an expiry task that
fails outside its action says why (issue #12)."""

import asyncio

import pytest

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.cases import CaseType
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleKind, ScheduleState
from aegis.domain.records import InvalidRequests
from aegis.domain.refusals import Refusal
from aegis.services.moderation import expiries
from aegis.services.moderation.checks import Person
from aegis.services.moderation.expiries import ExpiryScheduler, Retry
from aegis.services.moderation.service import ModerationService, Request
from aegis.services.ports import PurgeFilter
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.moderation import schedule
from tests.services.fake_gateway import FakeGateway

GUILD, CHANNEL = 500, 42
MOD = Person(10, "@mod", 5, "@Moderators", frozenset({"manage_messages"}))
BOT = Person(99, "@Aegis", 8, "@Aegis", frozenset({"administrator"}))
SPENT = InvalidRequests(2_150, 2_000)


@pytest.fixture
def settings(db):
    guilds.save_settings(GuildSettings(GUILD), Actor.moderator(1))


async def test_purge_is_refused_while_the_budget_is_spent_and_deletes_nothing(settings):
    gateway = FakeGateway()
    service = ModerationService(gateway, hold_mass_work=lambda: SPENT)
    req = Request(GUILD, "Test Server", Actor.moderator(MOD.id), MOD, BOT, CHANNEL, None, "clean up")
    outcome = await service.purge(req, PurgeFilter(count=50))
    assert isinstance(outcome, Refusal) and outcome.check == "invalid_requests"
    assert outcome.reason.startswith("Purging is paused: Discord has refused 2,150 of Aegis's requests")
    assert "nothing was deleted" in outcome.reason
    assert m.Case.select().where(m.Case.type == CaseType.PURGE.value).count() == 0
    assert "purge" not in gateway.state.calls


async def test_a_retry_waits_while_the_budget_is_spent_and_a_first_attempt_does_not(settings, monkeypatch):
    monkeypatch.setattr(expiries, "HELD_RETRY_S", 0.05)
    ran, spent = [], {"now": True}

    async def run(action):
        ran.append(action.attempts)
        return Retry("403 Missing Permissions") if len(ran) == 1 else None

    scheduler = ExpiryScheduler(run, lambda *_: asyncio.sleep(0), hold_retries=lambda: spent["now"])
    action = schedule.add(NewScheduledAction(GUILD, ScheduleKind.UNBAN, clock.now(), target_id=20))
    await scheduler.start()
    try:
        await until(lambda: ran == [1])  # the first attempt is not held back, budget or not
        await until(lambda: schedule.get(action.id).state is ScheduleState.PENDING)
        schedule.retry_at(action.id, clock.now(), "403 Missing Permissions")  # the retry falls due now
        scheduler.arm(schedule.get(action.id))
        await asyncio.sleep(0.3)
        assert ran == [1], "a retry ran while the budget was spent"
        spent["now"] = False
        await until(lambda: ran == [1, 2])
        await until(lambda: schedule.get(action.id).state is ScheduleState.DONE)
    finally:
        await scheduler.stop()


async def until(condition, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_an_expiry_task_that_fails_outside_its_action_is_logged_with_its_cause(settings, monkeypatch, caplog):
    def unreachable(*_claim):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(schedule, "claim", unreachable)
    scheduler = ExpiryScheduler(lambda _a: asyncio.sleep(0), lambda *_: asyncio.sleep(0))
    action = schedule.add(NewScheduledAction(GUILD, ScheduleKind.UNBAN, clock.now(), target_id=20))
    await scheduler.start()
    try:
        await until(lambda: any("failed" in r.getMessage() for r in caplog.records))
    finally:
        await scheduler.stop()
    [line] = [r.getMessage() for r in caplog.records if "failed" in r.getMessage()]
    assert line == f"aegis-expiry-{action.id} failed (ConnectionError: database unreachable)"
