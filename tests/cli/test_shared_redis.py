"""Two deployments on one Redis (same URL, same DB number): each keeps its own rate limits and hears only its own
settings messages, because every key and channel name starts with its `[redis] prefix`."""

import asyncio

import redis

from aegis.bot.client import make_limiter
from aegis.config import load_config
from aegis.services.settings.bus import settings_bus_for


def deployment(tmp_path, name: str, redis_url: str):
    env = {"AEGIS_DATABASE_URL": f"sqlite:///{tmp_path / name / 'aegis.db'}", "AEGIS_REDIS_URL": redis_url}
    return load_config(tmp_path / name / "aegis.toml", env=env, must_exist=False)


def test_two_deployments_keep_separate_rate_limits(tmp_path, redis_url):
    one, two = deployment(tmp_path, "one", redis_url), deployment(tmp_path, "two", redis_url)
    first, second = make_limiter(one), make_limiter(two)
    for _ in range(3):
        assert first.hit("commands", "guild:1:user:7", limit=3, window_s=60, now=1000.0).allowed
    assert not first.hit("commands", "guild:1:user:7", limit=3, window_s=60, now=1000.0).allowed
    assert second.hit("commands", "guild:1:user:7", limit=3, window_s=60, now=1000.0).allowed  # its own bucket

    keys = {k.decode() for k in redis.Redis.from_url(redis_url).scan_iter(match="*")}
    assert keys == {f"{one.redis.prefix}rl:commands:guild:1:user:7", f"{two.redis.prefix}rl:commands:guild:1:user:7"}


async def test_two_deployments_do_not_hear_each_others_settings_messages(tmp_path, redis_url):
    one, two = deployment(tmp_path, "one", redis_url), deployment(tmp_path, "two", redis_url)
    bus_one = settings_bus_for(redis_url, one.redis.settings_channel)
    bus_two = settings_bus_for(redis_url, two.redis.settings_channel)
    heard_one, heard_two = [], []

    async def hear_one(guild_id, version):
        heard_one.append((guild_id, version))

    async def hear_two(guild_id, version):
        heard_two.append((guild_id, version))

    bus_one.subscribe(hear_one)
    bus_two.subscribe(hear_two)
    listener = settings_bus_for(redis_url, two.redis.settings_channel)  # another process of deployment two
    heard_by_two_elsewhere = []

    async def hear_elsewhere(guild_id, version):
        heard_by_two_elsewhere.append((guild_id, version))

    listener.subscribe(hear_elsewhere)
    for bus in (bus_one, bus_two, listener):
        await bus.start()
        await bus.wait_live(5)
    try:
        await bus_one.publish(1, 5)
        await bus_two.publish(2, 9)
        async with asyncio.timeout(5):
            while not heard_by_two_elsewhere:
                await asyncio.sleep(0.01)
        # (1, 5) reached Redis before (2, 9) was sent: had it crossed over, it would have been heard first.
        assert heard_by_two_elsewhere == [(2, 9)]
        assert (2, 9) not in heard_one and (1, 5) not in heard_two
    finally:
        for bus in (bus_one, bus_two, listener):
            await bus.stop()


def test_the_console_reads_its_own_deployments_rate_limits(tmp_path, redis_url, db):
    from aegis.tui.data import Sources

    one, two = deployment(tmp_path, "one", redis_url), deployment(tmp_path, "two", redis_url)
    make_limiter(one).hit("commands", "guild:1:user:7", limit=2, window_s=600)
    make_limiter(two).hit("joins", "guild:2", limit=2, window_s=600)
    console_of_one = Sources(db, redis_url, one.redis.rate_limit_prefix)  # what `aegis tui` builds from the config
    assert [(s.bucket, s.key) for s in console_of_one.rate_limits(min_fill=0.0)] == [("commands", "guild:1:user:7")]
