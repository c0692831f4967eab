"""What /healthz and the scheduled-actions gauge ask the database."""

from datetime import UTC, datetime, timedelta

from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleKind, ScheduleState
from aegis.storage import health
from aegis.storage.moderation import schedule

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def test_the_backlog_counts_pending_actions_and_those_past_due(db):
    for minutes in (-10, -2, 5, 60):
        schedule.add(NewScheduledAction(1, ScheduleKind.UNBAN, NOW + timedelta(minutes=minutes), target_id=minutes))
    done = schedule.add(NewScheduledAction(1, ScheduleKind.UNBAN, NOW - timedelta(hours=1), target_id=7))
    schedule.finish(done.id, ScheduleState.DONE)
    assert health.schedule_backlog(NOW - timedelta(minutes=1)) == (4, 2)


def test_ping_answers_on_a_live_database(db):
    assert health.ping() is None
