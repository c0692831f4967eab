"""Retention by kind, with a guild's own retention over the deployment's, every run audited."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from freezegun import freeze_time

from aegis.domain.actors import OPERATOR, Actor
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.records import AutomodEvent
from aegis.services.data import retention
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.moderation import audit
from aegis.storage.records import activity

NOW = datetime(2026, 6, 1, tzinfo=UTC)
LONG, DEFAULT = 111, 222  # LONG keeps audit entries for a year and counters forever
DEFAULTS = {"audit_days": 30, "automod_days": 10, "counters_days": 90}


def at(days_ago: int):
    return freeze_time(NOW - timedelta(days=days_ago))


def seed():
    policy = {"audit_days": 365, "counters_days": 0}
    guilds.update_settings(LONG, Actor.moderator(1), lambda s: (replace(s, retention=policy), "settings.update", None))
    guilds.ensure_guild(DEFAULT)
    for guild in (LONG, DEFAULT, None):
        for age in (400, 40, 5):
            with at(age):
                audit.record(NewAuditEntry(OPERATOR, "test.entry", guild, metadata={"age": age}))
    for guild in (LONG, DEFAULT):
        for age in (20, 5):
            with at(age):
                activity.add_automod_event(AutomodEvent(guild, "caps", "delete", "delete", f"{age}"))
        for age in (200, 1):
            activity.bump_counters(guild, (NOW - timedelta(days=age)).date(), messages=1)


def left(guild, action="test.entry"):
    A = m.AuditEntry
    where = (A.action == action) & (A.guild_id.is_null() if guild is None else A.guild_id == guild)
    return sorted(e.metadata["age"] for e in A.select().where(where))


def test_each_kind_keeps_its_own_days_and_a_guild_can_keep_longer(db):
    seed()
    with freeze_time(NOW):
        deleted = retention.prune(NOW, DEFAULTS)
    assert deleted == {"audit_days": 2 + 2 + 1, "automod_days": 2, "counters_days": 1}
    assert left(LONG) == [5, 40] and left(DEFAULT) == [5] and left(None) == [5]
    assert sorted(e.reason for e in m.AutomodEvent.select()) == ["5", "5"]
    days = {(c.guild_id, c.day) for c in m.DailyCounter.select()}
    assert days == {(LONG, date(2025, 11, 13)), (LONG, date(2026, 5, 31)), (DEFAULT, date(2026, 5, 31))}


def test_every_run_is_audited_with_its_counts(db):
    seed()
    with freeze_time(NOW):
        retention.prune(NOW, DEFAULTS)
        retention.prune(NOW, DEFAULTS)
    runs = list(m.AuditEntry.select().where(m.AuditEntry.action == "retention.prune").order_by(m.AuditEntry.id))
    assert [r.metadata["deleted"]["audit_days"] for r in runs] == [5, 0]
    assert runs[0].metadata["guilds_with_their_own"] == 1


def test_zero_keeps_forever(db):
    seed()
    with freeze_time(NOW):
        assert retention.prune(NOW, {"audit_days": 0, "automod_days": 0, "counters_days": 0}) == {
            "audit_days": 1,  # LONG's own 365 days still apply to LONG
            "automod_days": 0,
            "counters_days": 0,
        }
