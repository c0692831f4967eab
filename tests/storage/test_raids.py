from datetime import UTC, datetime, timedelta

from aegis.domain.actors import AUTOMOD, OPERATOR, Actor, ActorKind
from aegis.domain.raids import RaidAction, RaidResolution, RaidTrigger
from aegis.storage import raids
from aegis.storage.moderation import audit
from aegis.storage.moderation.audit import AuditFilter

GUILD = 2002
T0 = datetime(2026, 5, 1, 20, tzinfo=UTC)


def test_one_open_raid_per_guild_and_both_ends_audited(db):
    raid, opened = raids.start(GUILD, RaidTrigger.SPIKE, RaidAction.TIMEOUT, AUTOMOD, "11 joins in 10 s", at=T0)
    again, opened_again = raids.start(GUILD, RaidTrigger.CONSOLE, RaidAction.KICK, OPERATOR)
    assert opened and not opened_again and again.id == raid.id and again.action is RaidAction.TIMEOUT
    assert raids.active(GUILD).id == raid.id and [r.id for r in raids.active_raids()] == [raid.id]

    moderator = Actor.moderator(77)
    ended = raids.end(raid.id, moderator, "raid over", at=T0 + timedelta(minutes=5))
    assert (ended.ended_by_kind, ended.ended_by_id, ended.end_reason) == (ActorKind.MODERATOR, 77, "raid over")
    assert raids.end(raid.id, OPERATOR) is None  # already over: nothing changes, nothing is audited twice
    assert raids.active(GUILD) is None and raids.latest(GUILD).id == raid.id
    actions = [e.action for e in audit.page(AuditFilter(guild_id=GUILD))]
    assert actions == ["raid.end", "raid.start"]


def test_the_cohort_counts_each_joiner_once(db):
    raid, _ = raids.start(GUILD, RaidTrigger.SPIKE, RaidAction.HOLD, AUTOMOD, at=T0)
    for n in range(3):
        assert raids.add_member(raid.id, 100 + n, T0 + timedelta(seconds=n), T0 - timedelta(hours=1), "hold")
    assert not raids.add_member(raid.id, 101, T0 + timedelta(seconds=9))  # a replayed join
    again = raids.get(raid.id)
    assert (again.joins, again.last_join_at) == (3, T0 + timedelta(seconds=2))

    raids.resolve_member(raid.id, 100, RaidResolution.BAN)
    raids.resolve_member(raid.id, 101, RaidResolution.BAN, error="403 Missing Permissions")
    raids.set_handled(raid.id, 102, "failed: 403 Missing Permissions")
    left = raids.members(raid.id, unresolved_only=True)
    assert [(m.user_id, m.handled) for m in left] == [(101, "hold"), (102, "failed: 403 Missing Permissions")]
    assert raids.members(raid.id)[0].resolution is RaidResolution.BAN


def test_the_console_sees_when_a_bot_took_a_switch_up(db):
    raid, _ = raids.start(GUILD, RaidTrigger.CONSOLE, RaidAction.ALERT, OPERATOR, at=T0)
    assert [r.id for r in raids.unseen()] == [raid.id]
    raids.mark_seen(raid.id, at=T0 + timedelta(seconds=1))
    assert raids.unseen() == [] and raids.get(raid.id).start_seen_at == T0 + timedelta(seconds=1)

    raids.end(raid.id, OPERATOR, at=T0 + timedelta(seconds=5))
    assert [r.id for r in raids.unseen()] == [raid.id]
    raids.mark_seen(raid.id, at=T0 + timedelta(seconds=6))
    seen = raids.get(raid.id)
    assert raids.unseen() == [] and (seen.start_seen_at, seen.end_seen_at) == (
        T0 + timedelta(seconds=1),
        T0 + timedelta(seconds=6),
    )
