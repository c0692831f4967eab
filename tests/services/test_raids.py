"""Raid mode with the fake gateway and a frozen clock: joins go through the joins bucket, the rules and the raid
service the way the bot's join listener sends them."""

import asyncio
import gc
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from aegis import clock
from aegis.domain.actors import AUTOMOD, OPERATOR, Actor, ActorKind
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.cases import CaseType, TargetKind
from aegis.domain.raids import RaidAction, RaidResolution, RaidTrigger
from aegis.domain.refusals import Refusal
from aegis.services.automod import AutomodEngine, JoinContext
from aegis.services.automod.service import AutomodService, Detection
from aegis.services.automod.settings_source import AutomodSettingsSource
from aegis.services.moderation.checks import Person
from aegis.services.moderation.service import ModerationService
from aegis.services.raids.join_counter import Joiner
from aegis.services.raids.resolve import Resolver
from aegis.services.raids.service import RaidService
from aegis.services.ratelimit import BucketSpec, MemoryRateLimiter
from aegis.services.ratelimit.pacing import Pacer
from aegis.storage import guilds, raids
from aegis.storage import models as m
from aegis.storage.moderation import audit, cases
from aegis.storage.moderation.audit import AuditFilter
from aegis.storage.records import activity
from tests.services.fake_gateway import FakeGateway

GUILD, MODLOG, HOLD_ROLE = 700, 77, 555
T0 = datetime(2026, 5, 1, 20, tzinfo=UTC)
BOT = Person(99, "@Aegis", 8, "@Aegis", frozenset({"administrator"}))
MOD = Person(10, "@mod", 5, "@Moderators", frozenset({"ban_members", "kick_members", "moderate_members"}))
RAIDERS = list(range(1000, 1012))


@dataclass
class Bot:
    """The raid service as the bot's join listener drives it."""

    raids: RaidService
    automod: AutomodService
    engine: AutomodEngine
    source: AutomodSettingsSource
    gateway: FakeGateway

    async def join(self, user_id: int, *, age_days: float = 365.0) -> None:
        at = clock.now()
        joiner = Joiner(GUILD, user_id, at, at - timedelta(days=age_days))
        window = await self.raids.count_join(joiner)
        verdicts = self.engine.check_join(JoinContext(GUILD, user_id, joiner.account_created_at, at, window))
        spike = next((v for v in verdicts if v.rule == "join_rate"), None)
        await self.raids.on_join(joiner, spike)
        if others := [v for v in verdicts if v is not spike]:
            await self.automod.handle(Detection(GUILD, "Test", user_id, Person(user_id, f"@u{user_id}"), BOT), others)

    async def burst(self, frozen, users, step: float = 0.01) -> None:
        for user_id in users:
            await self.join(user_id)
            frozen.tick(step)
        await self.raids.drain()

    async def configure(self, automod: dict) -> None:
        guilds.save_settings(GuildSettings(GUILD, mod_log_channel_id=MODLOG, automod=automod), OPERATOR)
        await self.source.load(GUILD)

    def posts(self) -> list[str]:
        return [text for channel, text in self.gateway.state.posts if channel == MODLOG]


async def make_bot(
    gateway: FakeGateway,
    automod: dict | None = None,
    *,
    actions: BucketSpec | None = None,
    joins: BucketSpec | None = None,
    fresh: bool = True,
) -> Bot:
    if fresh:
        guilds.save_settings(GuildSettings(GUILD, mod_log_channel_id=MODLOG, automod=automod or {}), OPERATOR)
    limiter = MemoryRateLimiter()
    pacer = Pacer(limiter, spec_for=(lambda _: actions) if actions else None)
    moderation = ModerationService(gateway)
    source = AutomodSettingsSource()
    await source.load(GUILD)
    service = RaidService(moderation, pacer, limiter, source, joins_spec_for=(lambda _: joins) if joins else None)
    return Bot(service, AutomodService(moderation, pacer, gather_s=0), AutomodEngine(source.cache), source, gateway)


def resolver(moderator: Person = MOD, present: set[int] | None = None) -> Resolver:
    async def member(uid: int) -> Person | None:
        return Person(uid, f"@u{uid}") if present is None or uid in present else None

    return Resolver(GUILD, "Test", moderator, BOT, member)


async def until(condition, tries: int = 3000) -> None:
    """Waits for work in the database threads; the frozen clock stands still meanwhile."""
    for _ in range(tries):
        if condition():
            return
        await asyncio.to_thread(time.sleep, 0.001)
    raise AssertionError("never happened")


@pytest.fixture
def gateway():
    return FakeGateway()


@pytest.fixture(autouse=True)
def _release_connections():
    yield
    # The database threads keep a connection to each test's database until that database object is collected;
    # collect now, or a run of these tests holds dozens of Postgres connections at once.
    gc.collect()


# --- a spike switches raid mode on ---


async def test_ten_joins_fit_the_bucket_and_the_eleventh_starts_a_raid_whose_cohort_is_timed_out(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway)
        await bot.burst(frozen, RAIDERS[:10])
        assert raids.active(GUILD) is None and gateway.state.calls == []

        await bot.burst(frozen, RAIDERS[10:11])
        raid = raids.active(GUILD)
        assert (raid.trigger, raid.action, raid.started_by_kind) == (
            RaidTrigger.SPIKE,
            RaidAction.TIMEOUT,
            ActorKind.AUTOMOD,
        )
        assert raid.reason == "11 joins in 10s (limit 10): possible raid" and raid.start_seen_at is not None
        cohort = raids.members(raid.id)
        assert [c.user_id for c in cohort] == RAIDERS[:11] and {c.handled for c in cohort} == {"timeout"}
        assert set(gateway.state.timeouts) == set(RAIDERS[:11])
        assert all(
            timedelta(hours=1) <= until - T0 < timedelta(hours=1, seconds=1)
            for until in gateway.state.timeouts.values()
        )

        [case] = m.Case.select()
        case = cases.get_by_id(case.id)
        assert (case.type, case.target_kind, case.target_id, case.actor_kind) == (
            CaseType.AUTOMOD,
            TargetKind.GUILD,
            GUILD,
            ActorKind.AUTOMOD,
        )
        assert case.metadata["raid_id"] == raid.id and case.metadata["joins"] == 11
        assert case.metadata["threshold"] == {"limit": 10, "window_s": 10.0}
        [alert] = bot.posts()
        assert alert.startswith(
            f"🚨 **Raid mode on** — raid #{raid.id} (case #{case.number}), started by a join "
            "spike: 11 joins in 10s (limit 10).\nThe 11 members of the spike and each member who "
            "joins now are timed out for 1 hour. Raid mode switches itself off after 5 minutes "
            "without a join."
        )
        [event] = activity.recent_automod_events(GUILD)
        assert (event.rule, event.action_taken, event.case_id) == ("join_rate", f"raid #{raid.id} on", case.id)
        assert [e.action for e in audit.page(AuditFilter(guild_id=GUILD, action="raid.start"))] == ["raid.start"]

        await bot.burst(frozen, RAIDERS[11:])  # a later joiner: into the cohort, timed out, no second case
        assert raids.get(raid.id).joins == 12 and RAIDERS[11] in gateway.state.timeouts
        assert m.Case.select().count() == 1 and len(bot.posts()) == 1


async def test_the_threshold_is_the_guilds_joins_bucket(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, joins=BucketSpec(3, 60.0, "guild"))
        await bot.burst(frozen, RAIDERS[:4], step=1)
        raid = raids.active(GUILD)
        assert raid.reason == "4 joins in 60s (limit 3): possible raid" and raid.joins == 4


async def test_the_cohort_starts_with_the_joiners_inside_the_buckets_window(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway)
        await bot.burst(frozen, [42], step=30)  # an ordinary join half a minute before the raid
        await bot.burst(frozen, RAIDERS[:11])
        assert [c.user_id for c in raids.members(raids.active(GUILD).id)] == RAIDERS[:11]


async def test_with_the_alert_action_the_cohort_is_only_recorded(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, {"rules": {"join_rate": {"raid_action": "alert"}}})
        await bot.burst(frozen, RAIDERS[:11])
        assert {c.handled for c in raids.members(raids.active(GUILD).id)} == {"alert"}
        assert gateway.state.calls == ["post"] and "recorded in the cohort and left alone" in bot.posts()[0]


async def test_a_replayed_join_is_in_the_cohort_once_and_acted_on_once(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway)
        await bot.burst(frozen, RAIDERS[:11])
        await bot.burst(frozen, [RAIDERS[3], RAIDERS[3]])
        assert raids.active(GUILD).joins == 11 and gateway.state.calls.count("timeout") == 11


async def test_kick_and_hold_raid_actions(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, {"rules": {"join_rate": {"raid_action": "hold", "hold_role_id": HOLD_ROLE}}})
        await bot.burst(frozen, RAIDERS[:11])
        assert all(gateway.state.roles[uid] == {HOLD_ROLE} for uid in RAIDERS[:11])
        assert "given the hold role <@&555>" in bot.posts()[0]

        await bot.raids.switch_off(GUILD, Actor.moderator(MOD.id))
        await bot.configure({"rules": {"join_rate": {"raid_action": "kick"}}})
        frozen.tick(600)
        await bot.burst(frozen, range(2000, 2011))
        assert gateway.state.kicked == list(range(2000, 2011))


async def test_a_refused_action_is_recorded_on_the_member(db, gateway):
    gateway.fail_next("timeout", 403, times=2)
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway)
        await bot.burst(frozen, RAIDERS[:11])
        handled = [c.handled for c in raids.members(raids.active(GUILD).id)]
        assert handled == ["failed: 403 Missing Permissions"] * 2 + ["timeout"] * 9


async def test_other_join_rules_still_judge_joiners_during_a_raid(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, {"rules": {"new_account": {"action": "kick"}}})
        await bot.burst(frozen, RAIDERS[:11])
        await bot.join(4242, age_days=0.5)
        await bot.raids.drain()
        assert 4242 in gateway.state.timeouts and gateway.state.kicked == [4242]
        assert [c.type for c in cases.for_target(GUILD, 4242)] == [CaseType.KICK]


# --- actions go at the pace of the automod_actions bucket ---


async def test_actions_wait_for_the_bucket_and_give_up_past_two_minutes(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, actions=BucketSpec(3, 3600.0, "guild"))  # the next room in 20 minutes
        await bot.burst(frozen, RAIDERS[:11])
        handled = [c.handled for c in raids.members(raids.active(GUILD).id)]
        assert handled == ["timeout"] * 3 + ["failed: automod_actions bucket full"] * 8
        assert len(gateway.state.timeouts) == 3


async def test_actions_are_paced_one_at_a_time_until_all_are_done(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, actions=BucketSpec(3, 30.0, "guild"))  # then one every 10 s
        for user_id in RAIDERS[:11]:
            await bot.join(user_id)
        raid = raids.active(GUILD)
        done = lambda: sum(1 for c in raids.members(raid.id) if c.handled)
        await until(lambda: done() == 3)
        assert len(gateway.state.timeouts) == 3
        for expected in range(4, 12):
            # A hair past the 10 s: the event loop reads the frozen clock in epoch seconds, where its resolution
            # is lost, so a timer fires only once the clock is strictly past it.
            frozen.tick(10.001)
            await until(lambda expected=expected: done() == expected)
            assert len(gateway.state.timeouts) == expected
        assert {c.handled for c in raids.members(raid.id)} == {"timeout"}


# --- dry run, and raid mode switched off in the settings ---


@pytest.mark.parametrize("automod", [{"dry_run": True}, {"rules": {"join_rate": {"dry_run": True}}}])
async def test_dry_run_records_what_raid_mode_would_do_and_does_nothing(db, gateway, automod):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, automod)
        await bot.burst(frozen, RAIDERS)
        assert raids.latest(GUILD) is None and gateway.state.calls == [] and m.Case.select().count() == 0
        [event] = activity.recent_automod_events(GUILD)  # one for the spike, not one per joiner
        assert event.dry_run and event.action_taken == "none" and event.case_id is None
        assert event.reason == (
            "11 joins in 10s (limit 10): possible raid; dry run: would switch raid mode on, and "
            "each of the 11 joiners so far would be timed out for 1 hour"
        )


async def test_with_raid_mode_off_a_spike_only_alerts_once(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, {"rules": {"join_rate": {"raid_mode": False}}})
        await bot.burst(frozen, RAIDERS)
        assert raids.latest(GUILD) is None and gateway.state.timeouts == {}
        [case] = m.Case.select()
        assert (case.target_kind, case.metadata["raid_id"]) == (TargetKind.GUILD.value, None)
        [alert] = bot.posts()
        assert alert.startswith("⚠️ **Join spike** — case #1: 11 joins in 10s") and "raid_mode" in alert


# --- switching off: the quiet period, by hand, from the console ---


async def test_quiet_for_the_cooldown_switches_raid_mode_off(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway)
        await bot.burst(frozen, RAIDERS[:11])
        raid = raids.active(GUILD)
        frozen.tick(290)
        await bot.raids.sync()
        assert raids.active(GUILD) is not None
        frozen.tick(20)
        await bot.raids.sync()
        ended = raids.get(raid.id)
        assert (ended.ended_by_kind, ended.end_reason) == (ActorKind.SYSTEM, "quiet for 300 s")
        assert ended.end_seen_at is not None and bot.raids.active(GUILD) is None
        assert bot.posts()[-1] == (
            f"✅ **Raid mode off** — raid #{raid.id}, quiet for 300 s.\nCohort: 11 members "
            "(11 timed out); `/raid resolve` still acts on them."
        )
        await bot.burst(frozen, [3000])
        assert 3000 not in gateway.state.timeouts and raids.latest(GUILD).id == raid.id


async def test_a_join_keeps_raid_mode_on(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway)
        await bot.burst(frozen, RAIDERS[:11])
        frozen.tick(200)
        await bot.burst(frozen, [3000])
        frozen.tick(200)
        await bot.raids.sync()
        assert raids.active(GUILD) is not None


async def test_moderator_switches_raid_mode_on_and_off(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, {"rules": {"join_rate": {"raid_action": "kick"}}})
        raid = await bot.raids.switch_on(GUILD, Actor.moderator(MOD.id), "invite link leaked")
        assert (raid.trigger, raid.action, raid.started_by_id) == (RaidTrigger.MODERATOR, RaidAction.KICK, MOD.id)
        assert raids.get(raid.id).start_seen_at is not None
        again = await bot.raids.switch_on(GUILD, Actor.moderator(MOD.id))
        assert isinstance(again, Refusal) and f"already on (raid #{raid.id}" in again.reason
        assert f"started by <@{MOD.id}>: invite link leaked" in bot.posts()[0]

        await bot.burst(frozen, [3000])  # no spike needed: raid mode is on
        assert gateway.state.kicked == [3000]

        ended = await bot.raids.switch_off(GUILD, Actor.moderator(MOD.id), "all clear")
        assert (ended.ended_by_id, ended.end_reason) == (MOD.id, "all clear") and ended.end_seen_at is None
        assert raids.get(raid.id).end_seen_at is not None
        assert f"switched off by <@{MOD.id}>: all clear" in bot.posts()[-1]
        assert (await bot.raids.switch_off(GUILD, Actor.moderator(MOD.id))).check == "raid_off"

        await bot.configure({"rules": {"join_rate": {"raid_action": "hold"}}})  # stored before hold_role_id was checked
        refused = await bot.raids.switch_on(GUILD, Actor.moderator(MOD.id))
        assert refused.check == "no_hold_role" and raids.active(GUILD) is None


async def test_after_raid_mode_off_the_rest_of_the_same_spike_does_not_switch_it_on_again(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway)
        await bot.burst(frozen, RAIDERS[:11])
        await bot.raids.switch_off(GUILD, Actor.moderator(MOD.id), "they are friends of the streamer")
        await bot.burst(frozen, range(2000, 2010))
        assert raids.active(GUILD) is None and len(gateway.state.timeouts) == 11
        frozen.tick(301)  # a spike after a quiet cooldown_s is a new one
        await bot.burst(frozen, range(3000, 3011))
        assert raids.active(GUILD).joins == 11


async def test_the_console_switch_is_taken_up_and_marked_seen(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway, {"rules": {"join_rate": {"raid_action": "kick"}}})
        raid, _ = raids.start(GUILD, RaidTrigger.CONSOLE, RaidAction.KICK, OPERATOR, "drill")
        await bot.burst(frozen, [3000])  # not taken up yet: this process does not know
        assert gateway.state.kicked == []
        frozen.tick(1)
        await bot.raids.sync()
        assert raids.get(raid.id).start_seen_at == clock.now() and raids.unseen() == []
        assert "started by the operator, from the console: drill" in bot.posts()[0]
        await bot.burst(frozen, [3001])
        assert gateway.state.kicked == [3001]

        raids.end(raid.id, OPERATOR, "drill over")
        await bot.raids.sync()
        assert raids.get(raid.id).end_seen_at is not None and raids.unseen() == []
        assert "switched off by the operator, from the console: drill over" in bot.posts()[-1]
        await bot.burst(frozen, [3002])
        assert gateway.state.kicked == [3001]  # a raid ended from the console stops the actions on joins


async def test_another_guilds_raid_is_left_to_the_process_that_owns_it(db, gateway):
    with freeze_time(T0):
        bot = await make_bot(gateway)
        bot.raids.owns_guild = lambda guild_id: guild_id == GUILD
        raid, _ = raids.start(GUILD + 1, RaidTrigger.CONSOLE, RaidAction.KICK, OPERATOR)
        await bot.raids.sync()
        assert raids.get(raid.id).start_seen_at is None and bot.posts() == []


async def test_a_restart_closes_a_stale_raid_and_resumes_a_live_one(db, gateway):
    with freeze_time(T0) as frozen:
        guilds.save_settings(GuildSettings(GUILD + 1, mod_log_channel_id=MODLOG), OPERATOR)
        stale, _ = raids.start(GUILD + 1, RaidTrigger.SPIKE, RaidAction.TIMEOUT, AUTOMOD, at=T0 - timedelta(hours=2))
        raids.add_member(stale.id, 1, T0 - timedelta(hours=2), handled="timeout")
        live, _ = raids.start(GUILD, RaidTrigger.SPIKE, RaidAction.TIMEOUT, AUTOMOD, at=T0 - timedelta(minutes=1))
        raids.add_member(live.id, 2, T0 - timedelta(seconds=30), handled="timeout")
        raids.add_member(live.id, 3, T0 - timedelta(seconds=20))  # the bot stopped before acting on them
        raids.mark_seen(stale.id)
        raids.mark_seen(live.id)

        bot = await make_bot(gateway)
        await bot.raids.sync()
        await bot.raids.drain()
        closed = raids.get(stale.id)
        assert (closed.ended_by_kind, closed.end_reason) == (ActorKind.SYSTEM, "quiet for 300 s")
        assert closed.end_seen_at is not None
        assert raids.active(GUILD).id == live.id and list(gateway.state.timeouts) == [3]
        assert raids.members(live.id)[-1].handled == "timeout"
        frozen.tick(1)
        await bot.burst(frozen, [4])
        assert raids.get(live.id).joins == 3


# --- /raid resolve ---


async def raided(gateway, frozen, automod: dict | None = None, users=RAIDERS[:11], **buckets) -> tuple[Bot, int]:
    bot = await make_bot(gateway, automod, **buckets)
    await bot.burst(frozen, users)
    return bot, raids.active(GUILD).id


async def test_resolve_ban_bans_each_member_with_a_case_and_never_twice(db, gateway):
    with freeze_time(T0) as frozen:
        bot, raid_id = await raided(gateway, frozen)
        gateway.fail_next("ban", 403)
        done = await bot.raids.resolve(RaidResolution.BAN, resolver())
        assert (done.total, done.done) == (11, 10) and done.failed[0][0] == RAIDERS[0]
        assert "Missing Permissions" in done.failed[0][1]
        assert set(gateway.state.bans) == set(RAIDERS[1:11])
        assert gateway.state.bans[RAIDERS[1]] == f"Raid #{raid_id} resolved by @mod"
        banned = cases.for_target(GUILD, RAIDERS[1])
        assert [(c.type, c.moderator_id, c.reason) for c in banned] == [
            (CaseType.BAN, MOD.id, f"Raid #{raid_id} resolved by @mod")
        ]
        [entry] = audit.page(AuditFilter(guild_id=GUILD, action="raid.resolve"))
        assert entry.metadata == {"raid_id": raid_id, "resolution": "ban", "members": 11, "done": 10, "failed": 1}
        assert bot.posts()[-1] == (
            f"**Raid #{raid_id} resolved** by <@{MOD.id}> (ban): 10 banned, 1 failed (see `/raid status`)."
        )

        again = await bot.raids.resolve(RaidResolution.BAN, resolver())  # only the one that failed
        assert (again.total, again.done, again.failed) == (1, 1, ())
        assert gateway.state.calls.count("ban") == 12
        nothing = await bot.raids.resolve(RaidResolution.BAN, resolver())
        assert isinstance(nothing, Refusal) and nothing.check == "nothing_left"
        assert gateway.state.calls.count("ban") == 12


async def test_resolve_kick_leaves_those_who_left_for_a_ban(db, gateway):
    with freeze_time(T0) as frozen:
        bot, raid_id = await raided(gateway, frozen)
        present = set(RAIDERS[:11]) - {RAIDERS[5]}
        kicked = await bot.raids.resolve(RaidResolution.KICK, resolver(present=present))
        assert kicked.done == 10 and kicked.failed == ((RAIDERS[5], "not in the server (a ban still reaches them)"),)
        assert sorted(gateway.state.kicked) == sorted(present)
        banned = await bot.raids.resolve(RaidResolution.BAN, resolver(present=set()))
        assert (banned.total, banned.done) == (1, 1) and list(gateway.state.bans) == [RAIDERS[5]]


async def test_resolve_release_lifts_timeouts_and_hold_roles(db, gateway):
    with freeze_time(T0) as frozen:
        bot, raid_id = await raided(gateway, frozen)
        released = await bot.raids.resolve(RaidResolution.RELEASE, resolver())
        assert released.done == 11 and all(until is None for until in gateway.state.timeouts.values())
        assert {c.resolution for c in raids.members(raid_id)} == {RaidResolution.RELEASE}

    gateway.state.posts.clear()
    with freeze_time(T0 + timedelta(days=1)) as frozen:
        raids.end(raid_id, OPERATOR)
        hold = {"rules": {"join_rate": {"raid_action": "hold", "hold_role_id": HOLD_ROLE}}}
        bot, raid_id = await raided(gateway, frozen, hold, users=range(2000, 2011))
        gateway.fail_next("remove_role", 500, "Internal Server Error")
        released = await bot.raids.resolve(RaidResolution.RELEASE, resolver())
        assert released.done == 10 and released.failed == ((2000, "500 Internal Server Error"),)
        assert gateway.state.roles[2000] == {HOLD_ROLE} and gateway.state.roles[2001] == set()


async def test_resolve_needs_the_moderators_permission_and_a_raid(db, gateway):
    with freeze_time(T0) as frozen:
        bot = await make_bot(gateway)
        none_yet = await bot.raids.resolve(RaidResolution.BAN, resolver())
        assert none_yet.check == "no_raid"
        await bot.burst(frozen, RAIDERS[:11])
        helper = Person(11, "@helper", 2, "@Helpers", frozenset({"moderate_members"}))
        refused = await bot.raids.resolve(RaidResolution.BAN, resolver(helper))
        assert refused.reason == "You need the Ban Members permission to ban a raid's cohort."
        assert gateway.state.bans == {}


async def test_resolve_reports_progress_and_acts_on_the_last_raid_once_it_is_over(db, gateway):
    reports = []

    async def progress(state):
        reports.append((state.done, len(state.failed), state.total))

    with freeze_time(T0) as frozen:
        bot, raid_id = await raided(gateway, frozen, users=range(2000, 2030), actions=BucketSpec(100, 60.0, "guild"))
        await bot.raids.switch_off(GUILD, Actor.moderator(MOD.id))
        done = await bot.raids.resolve(RaidResolution.KICK, resolver(), progress)
        assert done.raid.id == raid_id and done.done == 30
        assert reports == [(0, 0, 30), (25, 0, 30)]
