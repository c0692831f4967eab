from datetime import UTC, date, datetime, timedelta

from freezegun import freeze_time

from aegis.domain.actors import OPERATOR, Actor
from aegis.domain.guilds import EscalationRung, GuildSettings
from aegis.domain.moderation.cases import CaseType
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleKind, ScheduleState
from aegis.domain.records import AutomodEvent, BotHeartbeat
from aegis.storage import guilds
from aegis.storage.moderation import audit, schedule
from aegis.storage.records import activity, members

GUILD = 1001
T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_only_one_claimant_runs_an_action(db):
    action = schedule.add(NewScheduledAction(GUILD, ScheduleKind.UNBAN, T0, target_id=5))
    assert schedule.claim(action.id) is True
    assert schedule.claim(action.id) is False
    assert schedule.get(action.id).state is ScheduleState.RUNNING and schedule.get(action.id).attempts == 1


def test_due_actions_in_order_and_cancelled_ones_never(db):
    late = schedule.add(NewScheduledAction(GUILD, ScheduleKind.UNBAN, T0 + timedelta(hours=2), target_id=5))
    soon = schedule.add(NewScheduledAction(GUILD, ScheduleKind.UNTIMEOUT, T0 + timedelta(hours=1), target_id=6))
    gone = schedule.add(NewScheduledAction(GUILD, ScheduleKind.UNBAN, T0, target_id=7))
    assert schedule.cancel(gone.id) and not schedule.claim(gone.id)
    assert [a.id for a in schedule.pending()] == [soon.id, late.id]
    assert [a.id for a in schedule.pending(due_before=T0 + timedelta(hours=1))] == [soon.id]
    assert [a.id for a in schedule.pending_for_target(GUILD, 5, (ScheduleKind.UNBAN,))] == [late.id]


def test_a_retry_keeps_the_error_for_the_console(db):
    action = schedule.add(NewScheduledAction(GUILD, ScheduleKind.UNBAN, T0, target_id=5))
    schedule.claim(action.id)
    schedule.retry_at(action.id, T0 + timedelta(minutes=1), "403 Missing Permissions")
    again = schedule.get(action.id)
    assert (again.state, again.last_error, again.due_at) == (
        ScheduleState.PENDING,
        "403 Missing Permissions",
        T0 + timedelta(minutes=1),
    )


def test_settings_round_trip_bump_version_and_audit_the_change(db):
    assert guilds.get_settings(GUILD) == GuildSettings(GUILD)
    wanted = GuildSettings(
        GUILD,
        mod_log_channel_id=77,
        warning_lifetime_s=None,
        escalation=(EscalationRung(2, CaseType.TIMEOUT, 600),),
        exempt_role_ids=frozenset({9}),
    )
    saved = guilds.save_settings(wanted, Actor.moderator(3), "tighten up")
    assert saved.version == 1 and saved.mod_log_channel_id == 77 and saved.warning_lifetime_s is None
    assert saved.escalation == (EscalationRung(2, CaseType.TIMEOUT, 600),)
    [entry] = audit.page(audit.AuditFilter(action="settings.update"))
    assert entry.metadata["changed"]["mod_log_channel_id"] == 77 and entry.reason == "tighten up"
    assert guilds.save_settings(saved, OPERATOR).version == 2


def test_counters_add_up_per_day(db):
    activity.bump_counters(GUILD, date(2026, 3, 1), messages=10, joins=1)
    activity.bump_counters(GUILD, date(2026, 3, 1), messages=5, detections=2)
    activity.bump_counters(GUILD, date(2026, 3, 2), actions=1)
    rows = activity.counts(GUILD, since=date(2026, 3, 1))
    assert [(r.day.day, r.messages, r.joins, r.detections, r.actions) for r in rows] == [
        (1, 15, 1, 2, 0),
        (2, 0, 0, 0, 1),
    ]


def test_automod_events_newest_first(db):
    with freeze_time(T0):
        first = activity.add_automod_event(AutomodEvent(GUILD, "caps", "delete", "delete", "90% capitals", "HELLO"))
    second = activity.add_automod_event(AutomodEvent(GUILD, "invites", "delete", "none", "invite link", dry_run=True))
    assert first.created_at == T0
    assert [e.id for e in activity.recent_automod_events(GUILD)] == [second.id, first.id]
    assert activity.recent_automod_events(GUILD)[0].dry_run is True


def test_heartbeats_show_live_processes(db):
    beat = BotHeartbeat("host-1:42", "host-1", 42, (0, 1), 2, "0.1.0", T0, T0, 41.5)
    activity.beat(beat)
    activity.beat(BotHeartbeat("host-1:42", "host-1", 42, (0, 1), 2, "0.1.0", T0, T0 + timedelta(seconds=10), 39.0))
    [alive] = activity.heartbeats(since=T0 + timedelta(seconds=5))
    assert alive.latency_ms == 39.0 and alive.shard_ids == (0, 1)
    assert activity.heartbeats(since=T0 + timedelta(seconds=11)) == []


def test_members_join_leave_and_reputation(db):
    members.upsert_user(5, "alice", False, T0 - timedelta(days=400))
    members.record_join(GUILD, 5, T0)
    members.adjust_reputation(GUILD, 5, -3)
    members.record_leave(GUILD, 5)
    member = members.get_member(GUILD, 5)
    assert member.joined_at == T0 and member.reputation == -3 and member.left_at is not None
    members.record_join(GUILD, 5, T0 + timedelta(days=1))
    assert members.get_member(GUILD, 5).left_at is None
    assert members.get_user(5).name == "alice"
