"""Mutes through the moderation service: the mute role given and taken, expiry, supersede, refusals, rejoin."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.cases import CaseType, DiscordState
from aegis.domain.moderation.schedule import ScheduleKind, ScheduleState
from aegis.domain.refusals import Refusal
from aegis.services.moderation.checks import Person, RoleSnapshot
from aegis.services.moderation.expiries import ExpiryScheduler, Failed, Retry
from aegis.services.moderation.service import Acted, ModerationService, Request
from aegis.services.settings import guild as guild_settings
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.moderation import audit, cases, schedule
from tests.services.fake_gateway import FakeGateway

GUILD, MODLOG = 500, 77
MUTED = RoleSnapshot(600, "Muted", 1)
MOD = Person(10, "@mod", 5, "@Moderators", frozenset({"moderate_members"}))
BOT = Person(99, "@Aegis", 8, "@Aegis", frozenset({"manage_roles", "moderate_members"}))
MEMBER = Person(20, "@member", 1, "@Members")
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def req(target=MEMBER, reason="spam", source_id=None, moderator=MOD, bot=BOT) -> Request:
    return Request(
        GUILD, "Test Server", Actor.moderator(moderator.id), moderator, bot, target.id, target, reason, source_id
    )


@pytest.fixture
def gateway():
    gateway = FakeGateway()
    gateway.state.guild_roles[MUTED.id] = MUTED
    return gateway


@pytest.fixture
def service(db, gateway):
    guilds.save_settings(GuildSettings(GUILD, mod_log_channel_id=MODLOG, mute_role_id=MUTED.id), Actor.moderator(1))
    return ModerationService(gateway)


def mute_role_of(user_id: int, gateway: FakeGateway) -> bool:
    return MUTED.id in gateway.state.roles.get(user_id, set())


def role_calls(gateway: FakeGateway) -> list[str]:
    return [call for call in gateway.state.calls if call in ("add_role", "remove_role")]


async def test_a_timed_mute_gives_the_role_and_schedules_taking_it_off(service, gateway):
    with freeze_time(T0):
        muted = await service.mute(req(), timedelta(hours=2))
    assert isinstance(muted, Acted) and mute_role_of(MEMBER.id, gateway)
    case = cases.get(GUILD, muted.case.number)
    assert (case.type, case.discord_state, case.active) == (CaseType.MUTE, DiscordState.APPLIED, True)
    assert (case.created_at, case.expires_at, case.metadata["role_id"]) == (T0, T0 + timedelta(hours=2), MUTED.id)
    [expiry] = schedule.pending()
    assert (expiry.kind, expiry.target_id, expiry.case_id, expiry.due_at) == (
        ScheduleKind.UNMUTE,
        MEMBER.id,
        case.id,
        T0 + timedelta(hours=2),
    )
    assert expiry.payload == {"role_id": MUTED.id}
    [log_post] = gateway.state.posts
    assert log_post[0] == MODLOG and "Case #1 · Mute**" in log_post[1] and "(2 hours)" in log_post[1]
    assert gateway.state.dms == [(MEMBER.id, "You were muted in Test Server for 2 hours. Reason: spam (case #1)")]


async def test_a_mute_without_duration_lasts_until_unmuted(service, gateway):
    muted = await service.mute(req())
    assert muted.case.expires_at is None and mute_role_of(MEMBER.id, gateway)
    assert schedule.pending() == []


async def test_expiry_takes_the_role_off_ends_the_case_and_tells_the_mod_log(service, gateway):
    muted = await service.mute(req(), timedelta(hours=1))
    [action] = schedule.pending()
    assert await service.run_expiry(action) is None
    assert not mute_role_of(MEMBER.id, gateway)
    ended = cases.get(GUILD, muted.case.number)
    assert not ended.active and ended.ended_at is not None
    assert gateway.state.posts[-1][1] == f"**Case #1 · Mute expired** — <@{MEMBER.id}> ({MEMBER.id}) unmuted"


async def test_unmute_takes_the_role_off_cancels_the_expiry_and_ends_the_mute(service, gateway):
    muted = await service.mute(req(), timedelta(hours=1))
    [pending] = schedule.pending()
    lifted = await service.unmute(req(reason="appeal accepted"))
    assert isinstance(lifted, Acted) and lifted.case.type is CaseType.UNMUTE and not mute_role_of(MEMBER.id, gateway)
    assert schedule.get(pending.id).state is ScheduleState.CANCELLED and schedule.pending() == []
    assert not cases.get(GUILD, muted.case.number).active
    [ended] = audit.page(audit.AuditFilter(case_id=muted.case.id, action="case.supersede"))
    assert ended.actor_id == MOD.id and ended.reason == "lifted by case #2"
    assert cases.get(GUILD, muted.case.number).end_reason == "lifted by case #2"
    assert await service.reapply_mute(GUILD, MEMBER.id, BOT) is None  # no longer muted: a rejoin changes nothing


async def test_a_later_longer_mute_is_never_lifted_by_an_older_shorter_one(service, gateway):
    short = await service.mute(req(), timedelta(hours=1))
    [old] = schedule.pending()
    long = await service.mute(req(reason="again"), timedelta(days=1))
    [new] = schedule.pending()
    assert new.case_id == long.case.id and schedule.get(old.id).state is ScheduleState.CANCELLED
    assert not schedule.claim(old.id)  # a timer armed for the old row finds nothing to run
    assert not cases.get(GUILD, short.case.number).active and cases.get(GUILD, long.case.number).active
    await service.mute(req(reason="for good"))  # permanent: no expiry at all any more
    assert schedule.pending() == [] and mute_role_of(MEMBER.id, gateway)


@pytest.mark.parametrize(
    "setup, check, words",
    [
        (lambda gw, s: s.update(mute_role_id=None), "no_mute_role", "set one with /settings mute-role"),
        (lambda gw, s: gw.state.guild_roles.pop(MUTED.id), "mute_role_missing", "no longer exists"),
        (
            lambda gw, s: gw.state.guild_roles.update({MUTED.id: RoleSnapshot(MUTED.id, "Muted", 8)}),
            "mute_role_hierarchy",
            "My top role @Aegis is not above the mute role @Muted, so Discord would refuse",
        ),
        (
            lambda gw, s: gw.state.guild_roles.update({MUTED.id: RoleSnapshot(MUTED.id, "Muted", 1, managed=True)}),
            "mute_role_managed",
            "belongs to a bot or an integration",
        ),
    ],
)
async def test_mute_role_problems_are_refused_before_any_call(service, gateway, setup, check, words):
    settings = {"mute_role_id": MUTED.id}
    setup(gateway, settings)
    guilds.save_settings(GuildSettings(GUILD, mod_log_channel_id=MODLOG, **settings), Actor.moderator(1))
    for outcome in (await service.mute(req()), await service.unmute(req())):
        assert isinstance(outcome, Refusal) and outcome.check == check and words in outcome.reason
    assert gateway.state.calls == [] and m.Case.select().count() == 0 and schedule.pending() == []


async def test_a_role_lookup_that_fails_refuses_and_changes_nothing(service, gateway):
    gateway.fail_next("role", 503, "Service Unavailable")
    outcome = await service.mute(req())
    assert isinstance(outcome, Refusal) and outcome.check == "discord" and "(503)" in outcome.reason
    assert gateway.state.calls == [] and m.Case.select().count() == 0


@pytest.mark.parametrize(
    "moderator, bot, target, check, words",
    [
        (
            Person(10, "@mod", 5, "@Moderators", frozenset({"manage_messages"})),
            BOT,
            MEMBER,
            "moderator_permission",
            "You need the Moderate Members permission",
        ),
        (
            MOD,
            Person(99, "@Aegis", 8, "@Aegis", frozenset({"moderate_members"})),
            MEMBER,
            "bot_permission",
            "I need the Manage Roles permission for that",
        ),
        (MOD, BOT, Person(30, "@senior", 6, "@Senior"), "hierarchy", "so you cannot mute them"),
        (
            Person(40, "@owner", 2, is_owner=True),
            BOT,
            Person(31, "@admin", 7, "@Admins", frozenset({"administrator"})),
            "admin_mute",
            "a mute role cannot silence them",
        ),
    ],
)
async def test_the_usual_checks_come_first(service, gateway, moderator, bot, target, check, words):
    outcome = await service.mute(req(target=target, moderator=moderator, bot=bot))
    assert isinstance(outcome, Refusal) and outcome.check == check and words in outcome.reason
    assert gateway.state.calls == [] and m.Case.select().count() == 0


async def test_a_moderator_without_permission_hears_that_before_the_missing_mute_role(service, gateway):
    guilds.save_settings(GuildSettings(GUILD), Actor.moderator(1))
    outcome = await service.mute(req(moderator=Person(10, "@mod", 5, "@Moderators")))
    assert outcome.check == "moderator_permission"


async def test_a_failed_role_call_is_recorded_as_not_done_and_schedules_nothing(service, gateway):
    gateway.fail_next("add_role", 403)
    outcome = await service.mute(req(), timedelta(hours=1))
    assert isinstance(outcome, Refusal) and "Discord refused: Missing Permissions (403)" in outcome.reason
    case = cases.get(GUILD, 1)
    assert case.discord_state is DiscordState.FAILED and not case.active
    assert schedule.pending() == [] and await service.reapply_mute(GUILD, MEMBER.id, BOT) is None


async def test_expiry_counts_a_member_who_left_as_done(service, gateway):
    muted = await service.mute(req(), timedelta(hours=1))
    [action] = schedule.pending()
    gateway.state.members = set()  # they left: Discord answers 404 Unknown Member
    assert await service.run_expiry(action) is None
    assert role_calls(gateway) == ["add_role", "remove_role"] and not cases.get(GUILD, muted.case.number).active
    assert await service.reapply_mute(GUILD, MEMBER.id, BOT) is None  # the mute is over: coming back is free


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_expiry_retries_429_and_5xx(service, gateway, status):
    await service.mute(req(), timedelta(hours=1))
    [action] = schedule.pending()
    gateway.fail_next("remove_role", status)
    assert isinstance(await service.run_expiry(action), Retry)
    assert mute_role_of(MEMBER.id, gateway) and cases.get(GUILD, 1).active
    assert await service.run_expiry(action) is None and not mute_role_of(MEMBER.id, gateway)


async def test_expiry_fails_outright_on_other_errors(service, gateway):
    await service.mute(req(), timedelta(hours=1))
    [action] = schedule.pending()
    gateway.fail_next("remove_role", 400, "Invalid Form Body")
    assert isinstance(await service.run_expiry(action), Failed)


async def until(condition, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def make_past_due(action_id: int, attempts: int = 0) -> None:
    # The event loop's own clock must keep running here, so no freezegun: the row is moved into the past.
    m.ScheduledAction.update(due_at=clock.now() - timedelta(minutes=5), attempts=attempts).where(
        m.ScheduledAction.id == action_id
    ).execute()


async def test_scheduler_backs_off_after_a_5xx_then_gives_up_and_reports(service, gateway):
    await service.mute(req(), timedelta(hours=1))
    [action] = schedule.pending()
    make_past_due(action.id)
    gateway.fail_next("remove_role", 503, "Service Unavailable")
    scheduler = ExpiryScheduler(service.run_expiry, service.expiry_gave_up, watch_every=3600)
    before = clock.now()
    await scheduler.start()
    await until(lambda: schedule.get(action.id).attempts == 1 and scheduler.armed == {action.id})  # re-armed
    retried = schedule.get(action.id)
    assert retried.state is ScheduleState.PENDING and "503" in retried.last_error
    assert before + timedelta(seconds=30) <= retried.due_at <= clock.now() + timedelta(seconds=30)
    await scheduler.stop()

    make_past_due(action.id, attempts=4)
    gateway.fail_next("remove_role", 503, "Service Unavailable")
    scheduler = ExpiryScheduler(service.run_expiry, service.expiry_gave_up, watch_every=3600)
    await scheduler.start()
    await until(lambda: schedule.get(action.id).state is ScheduleState.FAILED)
    await scheduler.stop()
    assert schedule.get(action.id).attempts == 5 and mute_role_of(MEMBER.id, gateway)
    assert "could not lift the mute** of" in gateway.state.posts[-1][1] and "(/unmute)" in gateway.state.posts[-1][1]


async def test_a_403_on_expiry_reaches_the_mod_log_at_once_with_what_to_do(service, gateway):
    await service.mute(req(), timedelta(hours=1))
    [action] = schedule.pending()
    make_past_due(action.id)
    gateway.fail_next("remove_role", 403)
    scheduler = ExpiryScheduler(service.run_expiry, service.expiry_gave_up, watch_every=3600)
    await scheduler.start()
    await until(lambda: schedule.get(action.id).state is ScheduleState.FAILED)
    await scheduler.stop()
    assert schedule.get(action.id).attempts == 1 and mute_role_of(MEMBER.id, gateway)
    post = gateway.state.posts[-1][1]
    assert "could not lift the mute** of" in post and "attempts" not in post
    assert "give me Manage Roles and put my role above the mute role, or use /unmute" in post


async def test_scheduler_takes_the_role_off_once(service, gateway):
    await service.mute(req(), timedelta(hours=1))
    [action] = schedule.pending()
    make_past_due(action.id)
    scheduler = ExpiryScheduler(service.run_expiry, service.expiry_gave_up, watch_every=3600)
    await scheduler.start()
    await until(lambda: schedule.get(action.id).state is ScheduleState.DONE)
    await scheduler.refresh()  # the done row is seen again and must not be armed again
    await scheduler.stop()
    assert gateway.state.calls.count("remove_role") == 1 and not mute_role_of(MEMBER.id, gateway)


async def test_a_rejoining_muted_member_gets_the_role_back_without_a_new_case(service, gateway):
    muted = await service.mute(req(), timedelta(days=1))
    gateway.state.roles[MEMBER.id].clear()  # they left, and came back with no roles
    again = await service.reapply_mute(GUILD, MEMBER.id, BOT)
    assert again.id == muted.case.id and mute_role_of(MEMBER.id, gateway)
    assert m.Case.select().count() == 1
    [entry] = audit.page(audit.AuditFilter(action="mute.reapply"))
    assert (entry.actor_kind, entry.case_id, entry.target_id) == (ActorKind.SYSTEM, muted.case.id, MEMBER.id)
    assert entry.metadata == {"case_number": 1, "role_id": MUTED.id}
    assert "rejoined while muted: the mute role is back on." in gateway.state.posts[-1][1]


async def test_a_rejoin_after_the_mute_ran_out_is_left_alone(service, gateway):
    with freeze_time(T0) as frozen:
        await service.mute(req(), timedelta(hours=1))
        gateway.state.roles[MEMBER.id].clear()
        frozen.tick(timedelta(hours=1, seconds=1))  # expired, whether or not its expiry has run yet
        assert await service.reapply_mute(GUILD, MEMBER.id, BOT) is None
    assert not mute_role_of(MEMBER.id, gateway) and audit.page(audit.AuditFilter(action="mute.reapply")) == []


async def test_a_rejoin_that_cannot_be_muted_again_is_audited_and_told(service, gateway):
    await service.mute(req())
    gateway.state.roles[MEMBER.id].clear()
    gateway.state.guild_roles[MUTED.id] = RoleSnapshot(MUTED.id, "Muted", 9)  # someone dragged it above Aegis
    outcome = await service.reapply_mute(GUILD, MEMBER.id, BOT)
    assert isinstance(outcome, Refusal) and outcome.check == "mute_role_hierarchy"
    assert role_calls(gateway) == ["add_role"]  # only the first mute's: nothing was tried on the rejoin
    [entry] = audit.page(audit.AuditFilter(action="mute.reapply_failed"))
    assert "not above the mute role @Muted" in entry.reason
    assert "I could not mute them again: My top role" in gateway.state.posts[-1][1]


async def test_unmute_after_the_role_was_deleted_only_ends_the_record(service, gateway):
    muted = await service.mute(req(), timedelta(hours=1))
    del gateway.state.guild_roles[MUTED.id]
    lifted = await service.unmute(req())
    assert lifted.case.discord_state is DiscordState.NOT_NEEDED and role_calls(gateway) == ["add_role"]
    assert not cases.get(GUILD, muted.case.number).active and schedule.pending() == []


async def test_unmute_takes_off_the_role_the_mute_gave_even_if_the_setting_changed(service, gateway):
    await service.mute(req())
    gateway.state.guild_roles[601] = RoleSnapshot(601, "Silenced", 2)
    guilds.save_settings(GuildSettings(GUILD, mod_log_channel_id=MODLOG, mute_role_id=601), Actor.moderator(1))
    lifted = await service.unmute(req())
    assert lifted.case.metadata["role_id"] == MUTED.id and not mute_role_of(MEMBER.id, gateway)


async def test_unmuting_someone_who_left_ends_the_mute_so_a_rejoin_is_free(service, gateway):
    muted = await service.mute(req())
    gone = Request(GUILD, "Test Server", Actor.moderator(MOD.id), MOD, BOT, MEMBER.id, None, "appeal by mail")
    lifted = await service.unmute(gone)
    assert lifted.case.discord_state is DiscordState.NOT_NEEDED and role_calls(gateway) == ["add_role"]
    assert not cases.get(GUILD, muted.case.number).active
    assert await service.reapply_mute(GUILD, MEMBER.id, BOT) is None
    again = await service.unmute(gone)
    assert isinstance(again, Refusal) and again.check == "not_muted" and m.Case.select().count() == 2


async def test_a_replayed_mute_interaction_mutes_once(service, gateway):
    first = await service.mute(req(source_id=777), timedelta(hours=1))
    again = await service.mute(req(source_id=777), timedelta(hours=1))
    assert again.case.id == first.case.id and gateway.state.calls.count("add_role") == 1
    assert len(schedule.pending()) == 1


@pytest.mark.parametrize(
    "role, check, words",
    [
        (RoleSnapshot(GUILD, "@everyone", 0, is_default=True), "mute_role_everyone", "every member has it"),
        (RoleSnapshot(601, "OtherBot", 2, managed=True), "mute_role_managed", "belongs to a bot or an integration"),
        (RoleSnapshot(601, "Staff", 8), "mute_role_hierarchy", "not above the mute role @Staff"),
    ],
)
async def test_settings_refuse_a_mute_role_aegis_could_not_use(service, role, check, words):
    refused = await guild_settings.set_mute_role(GUILD, Actor.moderator(1), role, BOT)
    assert isinstance(refused, Refusal) and refused.check == check and words in refused.reason
    assert guilds.get_settings(GUILD).mute_role_id == MUTED.id


async def test_settings_store_and_clear_the_mute_role_with_an_audit_entry(service):
    saved = await guild_settings.set_mute_role(GUILD, Actor.moderator(3), RoleSnapshot(601, "Silenced", 7), BOT)
    assert saved.mute_role_id == 601 == guilds.get_settings(GUILD).mute_role_id
    entry = audit.page(audit.AuditFilter(action="settings.update"))[0]
    assert entry.actor_id == 3 and entry.metadata["changed"] == {"mute_role_id": 601}
    cleared = await guild_settings.set_mute_role(GUILD, Actor.moderator(3), None, BOT)
    assert cleared.mute_role_id is None
