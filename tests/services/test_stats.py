"""Per-day statistics from the counters and the records, and how /stats words them."""

from datetime import UTC, date, datetime, timedelta

from freezegun import freeze_time

from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.domain.records import AutomodEvent
from aegis.services.stats.report import report_sync
from aegis.services.wording.stats import sparkline, stats_reply
from aegis.storage import models as m
from aegis.storage.moderation import cases
from aegis.storage.records import activity

GUILD, OTHER = 111, 222
NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)


def on(days_ago: int):
    return freeze_time(NOW - timedelta(days=days_ago))


def seed():
    for days_ago, messages in ((2, 40), (0, 10)):
        activity.bump_counters(GUILD, (NOW - timedelta(days=days_ago)).date(), messages=messages, joins=1, leaves=2)
    activity.bump_counters(OTHER, NOW.date(), messages=1000)
    with on(2):
        warn = cases.create(NewCase(GUILD, CaseType.WARN, 5, ActorKind.AUTOMOD, None, "caps"))
        cases.create(NewCase(GUILD, CaseType.TIMEOUT, 5, ActorKind.MODERATOR, 9, "spam"))
        activity.add_automod_event(AutomodEvent(GUILD, "caps", "warn", "warn", "caps", user_id=5))
        activity.add_automod_event(AutomodEvent(GUILD, "links", "delete", "none", "dry", user_id=5, dry_run=True))
    with on(0):
        cases.create(NewCase(GUILD, CaseType.WARN, 6, ActorKind.MODERATOR, 9, "rude"))
        cases.pardon(GUILD, warn.number, Actor.moderator(9), "false positive")
    with on(30):
        cases.create(NewCase(GUILD, CaseType.BAN, 7, ActorKind.MODERATOR, 9, "long ago"))


def test_each_day_of_the_span_counts_what_happened_in_that_guild(db):
    seed()
    with freeze_time(NOW):
        found = report_sync(GUILD, 3)
    assert [d.day for d in found.days] == [date(2026, 6, 8), date(2026, 6, 9), date(2026, 6, 10)]
    assert found.series("messages") == [40, 0, 10] and found.series("leaves") == [2, 0, 2]
    assert found.series("cases") == [2, 0, 1] and found.series("pardons") == [0, 0, 1]
    assert found.by("cases") == {"warn": 2, "timeout": 1}
    assert found.by("detections") == {"caps": 1}  # a dry run detected, but took nothing: not counted


def test_every_guild_at_once_adds_them_up(db):
    seed()
    with freeze_time(NOW):
        assert report_sync(None, 1).total("messages") == 1010


def test_the_reply_has_totals_a_sparkline_and_the_breakdowns(db):
    seed()
    with freeze_time(NOW):
        text = stats_reply(report_sync(GUILD, 3), 3)
    assert text.startswith("**Statistics, last 3 days** (08 Jun – 10 Jun)")
    assert "Messages                 50  █▁▂" in text
    assert "Cases by type: warn 2, timeout 1" in text and "Detections by rule: caps 1" in text


def test_sparkline_scales_to_the_busiest_day():
    assert sparkline([0, 1, 4, 8]) == "▁▁▄█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""


def test_nothing_counted_gives_quiet_days_not_an_error(db):
    with freeze_time(NOW):
        found = report_sync(GUILD, 7)
    assert len(found.days) == 7 and found.total("messages") == 0
    assert m.DailyCounter.select().count() == 0
