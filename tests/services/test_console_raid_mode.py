"""The console's read side of raid mode, and its switch (services.console.raid_mode)."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from aegis.domain.actors import AUTOMOD, OPERATOR, Actor, ActorKind
from aegis.domain.guilds import GuildSettings
from aegis.domain.raids import RaidAction, RaidTrigger
from aegis.domain.records import BotHeartbeat
from aegis.services.console import raid_mode
from aegis.storage import guilds, raids
from aegis.storage import models as m
from aegis.storage.records import activity

T0 = datetime(2026, 5, 1, 20, tzinfo=UTC)
SYSTEM = Actor(ActorKind.SYSTEM)


def test_guilds_to_pick_by_name_or_id_with_what_raid_mode_would_do(db):
    guilds.ensure_guild(31337, "Ops Room")
    guilds.ensure_guild(31400, "Art club")
    guilds.ensure_guild(55555, "Opposite")
    guilds.ensure_guild(77777, "Gone")
    m.Guild.update(left_at=T0).where(m.Guild.id == 77777).execute()
    guilds.save_settings(GuildSettings(31400, automod={"rules": {"join_rate": {"raid_action": "hold"}}}), SYSTEM)
    raid, _ = raids.start(55555, RaidTrigger.SPIKE, RaidAction.TIMEOUT, AUTOMOD)

    assert [c.name for c in raid_mode.guild_choices()] == ["Art club", "Opposite", "Ops Room"]  # not the one it left
    assert [c.guild_id for c in raid_mode.guild_choices("op")] == [55555, 31337]  # any case, anywhere in the name
    assert [c.guild_id for c in raid_mode.guild_choices("314")] == [31400]  # an id's first digits
    assert [c.guild_id for c in raid_mode.guild_choices("313")] == [31337]
    assert raid_mode.guild_choices("", limit=1)[0].name == "Art club"

    art, opposite, ops = raid_mode.guild_choices()
    assert ops.plan == raid_mode.RaidPlan(RaidAction.TIMEOUT, 3600, 0, ()) and ops.active is None
    assert art.plan.action is RaidAction.HOLD
    assert art.plan.problems == (
        "join_rate.raid_action hold needs join_rate.hold_role_id (the role that holds joiners)",
    )
    assert opposite.active.id == raid.id


def test_the_raids_on_show_first_then_the_latest_ended_with_names_and_live_bots(db):
    guilds.ensure_guild(1, "One")
    for n, guild in enumerate((1, 2, 3)):
        raids.start(guild, RaidTrigger.SPIKE, RaidAction.ALERT, AUTOMOD, at=T0 + timedelta(minutes=n))
    raids.end(raids.active(2).id, OPERATOR, at=T0 + timedelta(minutes=5))
    activity.beat(BotHeartbeat("bot:1", "bot", 1, (0,), 1, "0.1.0", T0, T0 + timedelta(minutes=6)))

    with freeze_time(T0 + timedelta(minutes=6, seconds=10)):
        mode = raid_mode.current(alive_within=timedelta(seconds=30))
    assert [(r.raid.guild_id, r.raid.active, r.guild_name) for r in mode.raids] == [
        (1, True, "One"),
        (3, True, ""),
        (2, False, ""),
    ]
    assert mode.bots_alive == 1
    with freeze_time(T0 + timedelta(minutes=7)):
        assert raid_mode.current(alive_within=timedelta(seconds=30)).bots_alive == 0


def test_switching_on_and_off_says_whether_it_changed_anything(db):
    assert raid_mode.switch_on(9, RaidAction.KICK, OPERATOR, "wave") is True
    assert raid_mode.switch_on(9, RaidAction.ALERT, OPERATOR, "again") is False  # in raid mode already
    raid = raids.active(9)
    assert (raid.trigger, raid.action, raid.reason) == (RaidTrigger.CONSOLE, RaidAction.KICK, "wave")
    assert raid_mode.switch_off(raid.id, OPERATOR, "over") is True
    assert raid_mode.switch_off(raid.id, OPERATOR, "over") is False
