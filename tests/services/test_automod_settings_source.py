"""The bot's per-process copy of each guild's automod settings and rate-limit buckets: loaded once, a dictionary
lookup afterwards, read again when a change is announced or the database check finds a newer version."""

import asyncio
import logging
from dataclasses import replace

import pytest

from aegis.domain.actors import OPERATOR
from aegis.domain.guilds import GuildSettings
from aegis.services.automod.settings_source import AutomodSettingsSource, check_due, keep_fresh
from aegis.services.ratelimit import DEFAULT_BUCKETS, BucketSpec
from aegis.services.settings.bus import SettingsBus
from aegis.storage import guilds

GUILD = 800


def save(**changes) -> GuildSettings:
    return guilds.save_settings(replace(guilds.get_settings(GUILD), **changes), OPERATOR)


async def until(condition, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_buckets_are_the_guilds_own_once_loaded(db):
    save(rate_limits={"commands": {"limit": 2, "window_s": 30}, "automod_actions": {"limit": 5}})
    source = AutomodSettingsSource()
    assert source.bucket(GUILD, "commands") == DEFAULT_BUCKETS["commands"]
    await source.load(GUILD)
    assert source.bucket(GUILD, "commands") == BucketSpec(2, 30.0, "user")
    assert source.bucket(GUILD, "automod_actions") == BucketSpec(5, 60.0, "guild")
    assert source.bucket(GUILD, "joins") == DEFAULT_BUCKETS["joins"]
    assert source.bucket(GUILD + 1, "commands") == DEFAULT_BUCKETS["commands"]


async def test_stored_rate_limits_that_went_bad_keep_their_defaults_and_say_so(db, caplog):
    save(rate_limits={"commands": {"limit": "lots", "window_s": 20}})
    source = AutomodSettingsSource()
    with caplog.at_level(logging.WARNING, logger="aegis.services.automod"):
        await source.load(GUILD)
    assert source.bucket(GUILD, "commands") == BucketSpec(5, 20.0, "user")
    assert "commands.limit must be a whole number from 1 to 1000, got 'lots'" in caplog.text


async def test_an_announced_version_is_read_only_when_newer_and_only_for_guilds_in_use(db):
    source = AutomodSettingsSource()
    saved = save(automod={"dry_run": True})
    await source.invalidate(GUILD, saved.version)
    assert not source.loaded(GUILD)  # this process never used the guild: nothing to drop
    await source.load(GUILD)
    assert source.cache(GUILD).dry_run
    newer = save(automod={"dry_run": False})
    await source.invalidate(GUILD, newer.version - 1)
    assert source.cache(GUILD).dry_run  # an old announcement changes nothing
    await source.invalidate(GUILD, newer.version)
    assert not source.cache(GUILD).dry_run


async def test_a_read_that_finishes_late_does_not_replace_a_newer_one(db):
    source = AutomodSettingsSource()
    old = save(rate_limits={"commands": {"limit": 7}})
    new = save(rate_limits={"commands": {"limit": 8}})
    source.store(new)
    source.store(old)
    assert source.bucket(GUILD, "commands").limit == 8


async def test_the_database_check_takes_a_restored_older_version(db):
    source = AutomodSettingsSource()
    source.store(GuildSettings(GUILD, rate_limits={"commands": {"limit": 9}}, version=50))
    save(rate_limits={"commands": {"limit": 4}})  # version 1: a database restored from before
    assert await source.refresh_stale() == [GUILD]
    assert source.bucket(GUILD, "commands").limit == 4


async def test_unreadable_settings_mean_defaults_until_the_next_check(db, monkeypatch, caplog):
    save(rate_limits={"commands": {"limit": 2}})

    def unreachable(_guild_id):
        raise ConnectionError("database down")

    source = AutomodSettingsSource()
    monkeypatch.setattr(guilds, "get_settings", unreachable)
    await source.load_or_defaults(GUILD)
    assert source.loaded(GUILD) and source.bucket(GUILD, "commands") == DEFAULT_BUCKETS["commands"]
    assert "settings unreadable guild=800" in caplog.text
    monkeypatch.undo()
    assert await source.refresh_stale() == [GUILD]
    assert source.bucket(GUILD, "commands").limit == 2


@pytest.mark.parametrize(
    "live, reconnected, since, due",
    [
        (False, False, 0.0, True),  # no Redis, or Redis down: every turn
        (True, False, 5.0, False),  # messages arrive: no need
        (True, True, 5.0, True),  # they arrive again: what was published meanwhile was lost
        (True, False, 60.0, True),  # now and then: a change saved where Redis was unreachable
    ],
)
def test_when_the_database_check_runs(live, reconnected, since, due):
    assert check_due(live=live, reconnected=reconnected, since_check_s=since, live_every_s=60.0) is due


async def test_without_messages_the_check_finds_a_change_made_elsewhere(db):
    source = AutomodSettingsSource()
    await source.load(GUILD)
    checker = asyncio.create_task(keep_fresh(source, SettingsBus(), every_s=0.02))
    try:
        save(rate_limits={"commands": {"limit": 3}})  # as another process would, announcing nothing
        await until(lambda: source.bucket(GUILD, "commands").limit == 3)
    finally:
        checker.cancel()
