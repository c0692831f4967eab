import asyncio
from datetime import timedelta

from freezegun import freeze_time

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.cases import CaseType, DiscordState
from aegis.domain.moderation.schedule import ScheduleKind, ScheduleState
from aegis.domain.refusals import Refusal
from aegis.services.moderation.checks import Person
from aegis.services.moderation.expiries import ExpiryScheduler, Failed, Retry
from aegis.services.moderation.service import Acted, Request
from aegis.services.ports import PurgeFilter
from aegis.storage import models as m
from aegis.storage.moderation import audit, cases, schedule

GUILD, MODLOG = 500, 77
MOD = Person(10, "@mod", 5, "@Moderators", frozenset({"ban_members", "kick_members", "moderate_members"}))
BOT = Person(99, "@Aegis", 8, "@Aegis", frozenset({"administrator"}))
MEMBER = Person(20, "@member", 1, "@Members")


def req(target=MEMBER, reason="spam", source_id=None, moderator=MOD) -> Request:
    return Request(
        GUILD, "Test Server", Actor.moderator(moderator.id), moderator, BOT, target.id, target, reason, source_id
    )


async def test_third_warning_fires_the_first_rung(service, gateway):
    for _ in range(2):
        assert (await service.warn(req())).escalation is None
    third = await service.warn(req())
    assert isinstance(third, Acted) and third.case.number == 3
    escalation = third.escalation
    assert escalation.type is CaseType.TIMEOUT and escalation.actor_kind is ActorKind.SYSTEM
    assert escalation.metadata["escalation_rung"] == 1 and escalation.discord_state is DiscordState.APPLIED
    assert gateway.state.timeouts[MEMBER.id] == escalation.expires_at
    assert escalation.expires_at - escalation.created_at == timedelta(hours=1)
    [entry] = audit.page(audit.AuditFilter(case_id=escalation.id, action="case.create"))
    assert entry.metadata["escalation_rung"] == 1 and entry.metadata["warnings"] == 3
    assert any("Escalation rung 1" in text for _, text in gateway.state.posts)


async def test_expired_and_pardoned_warnings_stop_counting(service, gateway):
    with freeze_time("2026-01-01") as frozen:
        await service.warn(req())
        await service.warn(req())
        frozen.tick(timedelta(days=31))  # default lifetime is 30 days
        third = await service.warn(req())
    assert third.escalation is None
    assert MEMBER.id not in gateway.state.timeouts


async def test_a_refusal_sends_nothing_and_records_nothing(service, gateway):
    outcome = await service.ban(req(target=Person(30, "@admin", 7, "@Admins")))
    assert isinstance(outcome, Refusal) and outcome.check == "hierarchy"
    assert gateway.state.calls == [] and m.Case.select().count() == 0


async def test_a_failed_discord_call_is_recorded_as_not_done(service, gateway):
    gateway.fail_next("ban", 403)
    outcome = await service.ban(req())
    assert isinstance(outcome, Refusal) and "Discord refused: Missing Permissions (403)" in outcome.reason
    case = cases.get(GUILD, 1)
    assert case.discord_state is DiscordState.FAILED and not case.active and "403" in case.discord_error
    assert gateway.state.bans == {}


async def test_tempban_schedules_its_unban_and_a_manual_unban_cancels_it(service, gateway):
    banned = await service.ban(req(), duration=timedelta(days=1))
    assert banned.case.type is CaseType.TEMPBAN
    [pending] = schedule.pending()
    assert (pending.kind, pending.target_id, pending.due_at) == (ScheduleKind.UNBAN, MEMBER.id, banned.case.expires_at)
    await service.unban(Request(GUILD, "T", Actor.moderator(10), MOD, BOT, MEMBER.id))
    assert schedule.pending() == [] and schedule.get(pending.id).state is ScheduleState.CANCELLED
    assert gateway.state.bans == {}


async def test_a_longer_punishment_is_never_lifted_by_an_older_shorter_one(service, gateway):
    await service.ban(req(), duration=timedelta(hours=1))
    await service.ban(req(reason="worse"))  # permanent
    assert schedule.pending() == []
    assert MEMBER.id in gateway.state.bans


async def test_expiry_unbans_ends_the_case_and_tells_the_mod_log(service, gateway):
    banned = await service.ban(req(), duration=timedelta(hours=1))
    [action] = schedule.pending()
    assert await service.run_expiry(action) is None
    assert gateway.state.bans == {}
    ended = cases.get(GUILD, banned.case.number)
    assert not ended.active and ended.ended_at is not None
    assert "expired" in gateway.state.posts[-1][1]


async def test_expiry_retries_5xx_fails_403_at_once_with_the_fix_and_counts_unbanned_as_done(service, gateway):
    await service.ban(req(), duration=timedelta(hours=1))
    [action] = schedule.pending()
    gateway.fail_next("unban", 503, "Service Unavailable")
    assert isinstance(await service.run_expiry(action), Retry)
    gateway.fail_next("unban", 403)
    refused = await service.run_expiry(action)
    assert isinstance(refused, Failed) and "give me Ban Members, or lift it by hand with /unban" in refused.error
    del gateway.state.bans[MEMBER.id]  # someone unbanned by hand on Discord
    assert await service.run_expiry(action) is None
    assert gateway.state.calls.count("unban") == 2  # not a third time: Discord no longer shows the ban


async def test_a_replayed_interaction_makes_one_case(service):
    first = await service.warn(req(source_id=123456))
    again = await service.warn(req(source_id=123456))
    assert again.case.id == first.case.id and m.Case.select().count() == 1


async def test_closed_dms_never_block_the_action(service, gateway):
    gateway.state.closed_dms.add(MEMBER.id)
    outcome = await service.kick(req())
    assert isinstance(outcome, Acted) and MEMBER.id in gateway.state.kicked
    assert "could not DM them" in outcome.notes[0]


async def test_channel_actions_record_cases_about_the_channel(service, gateway):
    channel_req = Request(
        GUILD,
        "T",
        Actor.moderator(10),
        Person(10, "@mod", 5, "@M", frozenset({"manage_channels", "manage_messages"})),
        BOT,
        4242,
    )
    slow = await service.slowmode(channel_req, 30)
    locked = await service.lock(channel_req, True)
    purged = await service.purge(channel_req, PurgeFilter(25))
    assert gateway.state.slowmode[4242] == 30 and gateway.state.locked[4242] is True
    assert (slow.case.type, locked.case.type, purged.case.metadata["deleted"]) == (
        CaseType.SLOWMODE,
        CaseType.LOCKDOWN,
        25,
    )


async def settled(action_id: int, timeout: float = 10.0) -> None:
    """Until the scheduler has finished the row (done or failed), however slow the machine is."""
    async with asyncio.timeout(timeout):
        while schedule.get(action_id).state not in (ScheduleState.DONE, ScheduleState.FAILED):
            await asyncio.sleep(0.01)


def make_past_due(action_id: int) -> None:
    # The event loop's own clock must keep running here, so no freezegun: the row is moved into the past.
    m.ScheduledAction.update(due_at=clock.now() - timedelta(minutes=5)).where(
        m.ScheduledAction.id == action_id
    ).execute()


async def test_scheduler_runs_past_due_at_once_and_only_once(service, gateway):
    await service.ban(req(), duration=timedelta(hours=1))
    [action] = schedule.pending()
    make_past_due(action.id)
    scheduler = ExpiryScheduler(service.run_expiry, service.expiry_gave_up, watch_every=3600)
    other = ExpiryScheduler(service.run_expiry, service.expiry_gave_up, watch_every=3600)
    loaded = await asyncio.gather(scheduler.start(), other.start())  # two processes race for the same row
    assert 1 <= sum(loaded) <= 2  # whichever loads it first may already have run it when the other looks
    await settled(action.id)
    await scheduler.stop()
    await other.stop()
    assert gateway.state.calls.count("unban") == 1
    assert schedule.pending() == [] and gateway.state.bans == {}


async def test_scheduler_gives_up_after_bounded_retries_and_reports(service, gateway):
    await service.ban(req(), duration=timedelta(hours=1))
    [action] = schedule.pending()
    m.ScheduledAction.update(attempts=4).where(m.ScheduledAction.id == action.id).execute()
    make_past_due(action.id)
    gateway.fail_next("unban", 403)
    scheduler = ExpiryScheduler(service.run_expiry, service.expiry_gave_up, watch_every=3600)
    await scheduler.start()
    await settled(action.id)
    await scheduler.stop()
    final = schedule.get(action.id)
    assert final.state is ScheduleState.FAILED and final.attempts == 5 and "403" in final.last_error
    assert "could not lift the temporary ban" in gateway.state.posts[-1][1]


async def test_scheduler_follows_changes_made_by_the_console(service, gateway):
    await service.ban(req(), duration=timedelta(days=1))
    [action] = schedule.pending()
    scheduler = ExpiryScheduler(service.run_expiry, service.expiry_gave_up, watch_every=3600)
    await scheduler.start()
    assert scheduler.armed == {action.id}
    schedule.cancel(action.id)
    await scheduler.refresh()
    assert scheduler.armed == set()
    await scheduler.stop()
