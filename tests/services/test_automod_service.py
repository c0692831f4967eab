import pytest

from aegis.domain.actors import Actor, ActorKind
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.cases import CaseType, DiscordState
from aegis.services.automod import Action, Verdict
from aegis.services.automod.service import AutomodService, Detection
from aegis.services.moderation.checks import Person
from aegis.services.moderation.service import ModerationService
from aegis.services.ratelimit import BucketSpec, MemoryRateLimiter
from aegis.services.ratelimit.pacing import Pacer
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.moderation import cases
from aegis.storage.records import activity
from tests.services.fake_gateway import FakeGateway

GUILD, MODLOG, CHANNEL = 600, 77, 300
BOT = Person(99, "@Aegis", 8, "@Aegis", frozenset({"administrator"}))
MEMBER = Person(20, "@member", 1, "@Members")


def verdict(rule="duplicates", action=Action.TIMEOUT, ids=(1, 2, 3, 4), **changes) -> Verdict:
    fields = dict(
        rule=rule,
        reason=f"{rule} tripped",
        action=action,
        matched="free stuff",
        counts={"copies": 4},
        timeout_seconds=300 if action is Action.TIMEOUT else None,
        delete_message_ids=ids,
        related_message_ids=ids,
    )
    return Verdict(**{**fields, **changes})


def at(message_id=4, user=MEMBER) -> Detection:
    return Detection(GUILD, "Test", user.id, user, BOT, CHANNEL, message_id)


@pytest.fixture
def gateway():
    return FakeGateway()


@pytest.fixture
def service(db, gateway):
    guilds.save_settings(GuildSettings(GUILD, mod_log_channel_id=MODLOG), Actor.moderator(1))
    return AutomodService(ModerationService(gateway), Pacer(MemoryRateLimiter()), gather_s=0)


async def test_dry_run_records_and_touches_nothing(service, gateway):
    [event] = await service.handle(at(), [verdict(dry_run=True)])
    assert (event.dry_run, event.action_taken, event.case_id) == (True, "none", None)
    assert gateway.state.calls == [] and m.Case.select().count() == 0


async def test_a_timeout_verdict_deletes_then_acts_and_explains_itself_in_the_case(service, gateway):
    [event] = await service.handle(at(), [verdict()])
    assert gateway.state.deleted == [(CHANNEL, (1, 2, 3, 4), "Automod: duplicates")]
    assert gateway.state.calls == ["delete_messages", "timeout", "post"]
    case = cases.get_by_id(event.case_id)
    assert case.type is CaseType.TIMEOUT and case.actor_kind is ActorKind.AUTOMOD and case.moderator_id is None
    assert case.metadata["rule"] == "duplicates" and case.metadata["counts"] == {"copies": 4}
    assert case.metadata["matched"] == "free stuff" and case.metadata["deleted"] == 4
    assert (case.expires_at - case.created_at).total_seconds() == 300


async def test_the_rest_of_a_burst_and_other_rules_on_it_only_delete(service, gateway):
    await service.handle(at(), [verdict()])
    await service.handle(at(5), [verdict(ids=(5,), new_incident=False)])
    # a second rule on the same flood, no more severe: joins the open incident
    [event] = await service.handle(at(6), [verdict("message_rate", ids=(1, 2, 3, 4, 5, 6))])
    assert event.action_taken == "delete" and event.case_id is None
    assert m.Case.select().count() == 1 and gateway.state.calls.count("timeout") == 1
    assert [ids for _, ids, _ in gateway.state.deleted] == [(1, 2, 3, 4), (5,), (6,)]  # never the same id twice


async def test_a_delete_only_verdict_makes_one_automod_case_applied_after_the_delete(service, gateway):
    [event] = await service.handle(at(9), [verdict("words", Action.DELETE, ids=(9,), matched="badword")])
    case = cases.get_by_id(event.case_id)
    assert case.type is CaseType.AUTOMOD and case.discord_state is DiscordState.APPLIED
    assert case.metadata["deleted"] == 1 and case.metadata["matched"] == "badword"
    assert any(channel == MODLOG and "Automod" in text for channel, text in gateway.state.posts)


async def test_a_failed_delete_leaves_a_failed_case(service, gateway):
    gateway.fail_next("delete_messages", 403)
    [event] = await service.handle(at(9), [verdict("words", Action.DELETE, ids=(9,))])
    assert event.action_taken.startswith("failed")
    assert cases.get(GUILD, 1).discord_state is DiscordState.FAILED


async def test_warn_verdicts_climb_the_escalation_ladder(service, gateway):
    for n in range(3):
        await service.handle(at(10 + n), [verdict("words", Action.WARN, ids=(10 + n,))])
        service._open.clear()  # separate incidents, as if far apart in time
    kinds = [c.type for c in cases.for_target(GUILD, MEMBER.id)]
    assert kinds.count(CaseType.WARN) == 3 and CaseType.TIMEOUT in kinds  # rung 1 at three warnings


async def test_a_full_actions_bucket_stops_automod_calls(db, gateway):
    guilds.save_settings(GuildSettings(GUILD), Actor.moderator(1))
    tight = Pacer(MemoryRateLimiter(), spec_for=lambda _: BucketSpec(1, 3600.0, "guild"))
    service = AutomodService(ModerationService(gateway), tight, gather_s=0)
    [event] = await service.handle(at(), [verdict()])
    assert gateway.state.calls == ["delete_messages"]  # the timeout would wait an hour: not made
    assert event.action_taken.startswith("failed: automod_actions bucket full")
    assert m.Case.select().count() == 0


async def test_counters_are_batched(service):
    service.counters.add(GUILD, messages=1)
    service.counters.add_message(GUILD)  # the per-message fast path adds up with the rest
    service.counters.add_message(GUILD)
    await service.handle(at(), [verdict()])
    assert m.DailyCounter.select().count() == 0
    await service.flush_counters()
    [today] = activity.counts(GUILD, since=m.DailyCounter.get().day)
    assert (today.messages, today.detections, today.actions) == (3, 1, 1)
