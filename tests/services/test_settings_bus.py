"""Settings changes across processes through real Redis pub/sub: two bot processes are two settings sources with
their own bus; a change saved through one reaches the other at once, and Redis going away never raises."""

import asyncio
import logging
import shutil
import socket
import subprocess
import time
import uuid

import pytest

from aegis.domain.actors import Actor
from aegis.services.automod.settings_source import AutomodSettingsSource
from aegis.services.settings.automod import AutomodConfig
from aegis.services.settings.bus import BACK_MESSAGE, DOWN_MESSAGE, RedisSettingsBus, SettingsBus

GUILD = 900
MOD = Actor.moderator(7)
ARRIVES_WITHIN_S = 0.5


async def until(condition, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.005)


class Process:
    """What one bot process holds: its settings source subscribed to its own bus."""

    def __init__(self, url: str, channel: str) -> None:
        self.bus = RedisSettingsBus(url, channel=channel, retry_s=0.05)
        self.source = AutomodSettingsSource()
        self.bus.subscribe(self.source.invalidate)
        self.bus.subscribe(self._heard)
        self.heard: list[tuple[int, int]] = []
        self.config = AutomodConfig(self.bus)

    async def _heard(self, guild_id: int, version: int) -> None:
        self.heard.append((guild_id, version))

    async def __aenter__(self):
        await self.bus.start()
        await self.bus.wait_live(5)
        return self

    async def __aexit__(self, *_):
        await self.bus.stop()


@pytest.fixture
def channel() -> str:
    return f"aegis:settings:test:{uuid.uuid4().hex}"  # other suites may share this Redis


def down_messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "aegis.settings" and DOWN_MESSAGE in r.getMessage()]


async def test_a_change_saved_in_one_process_is_in_effect_in_the_other_at_once(db, redis_url, channel):
    async with Process(redis_url, channel) as one, Process(redis_url, channel) as two:
        await one.source.load(GUILD)
        await two.source.load(GUILD)
        assert two.source.cache(GUILD).rule("message_rate").limit == 6

        started = time.monotonic()
        change = await one.config.set(GUILD, MOD, "message_rate", "limit", "3")
        assert one.source.cache(GUILD).rule("message_rate").limit == 3  # the saving process: before the reply
        await until(lambda: two.heard, timeout=ARRIVES_WITHIN_S)
        assert time.monotonic() - started < ARRIVES_WITHIN_S
        assert two.heard == [(GUILD, change.version)]
        assert two.source.cache(GUILD).rule("message_rate").limit == 3

        await one.config.set_rate_limit(GUILD, MOD, "commands", 2, "10")
        await until(lambda: two.source.bucket(GUILD, "commands").limit == 2, timeout=ARRIVES_WITHIN_S)
        assert two.source.bucket(GUILD, "commands").window_s == 10.0


async def test_a_guild_the_other_process_never_used_is_not_read_there(db, redis_url, channel):
    async with Process(redis_url, channel) as one, Process(redis_url, channel) as two:
        await one.config.set(GUILD, MOD, "caps", "enabled", "off")
        await until(lambda: two.heard, timeout=ARRIVES_WITHIN_S)
        assert not two.source.loaded(GUILD)


async def test_malformed_messages_are_ignored(db, redis_url, channel, caplog):
    import redis

    async with Process(redis_url, channel) as two:
        await two.source.load(GUILD)
        client = redis.Redis.from_url(redis_url)
        client.publish(channel, b"not json")
        client.publish(channel, b'{"guild_id": 900, "version": 5}')
        client.close()
        await until(lambda: two.heard)
        assert two.heard == [(GUILD, 5)] and "ignored a malformed settings message" in caplog.text


async def test_without_redis_publishing_does_not_raise_and_this_process_still_hears_it(db, caplog):
    caplog.set_level(logging.INFO, logger="aegis.settings")
    process = Process("redis://127.0.0.1:1/0", "aegis:settings")
    await process.bus.start()
    try:
        await process.source.load(GUILD)
        for limit in ("3", "4", "5"):
            change = await process.config.set(GUILD, MOD, "message_rate", "limit", limit)
            assert change.version is not None
        await until(lambda: len(down_messages(caplog)) >= 1)
        await asyncio.sleep(0.2)  # several reconnect attempts (retry_s 0.05) go by
        assert not process.bus.live
        assert process.source.cache(GUILD).rule("message_rate").limit == 5
        assert len(down_messages(caplog)) == 1
    finally:
        await process.bus.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("redis-server did not start")


@pytest.fixture
def own_redis(redis_url):
    """A Redis server of this test's own, so stopping it disturbs nobody else's."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs the redis-server program to stop and start a Redis")
    port = free_port()
    servers = [start_redis(port)]
    yield port, servers
    for server in servers:
        server.kill()
        server.wait()


async def test_a_redis_restart_is_logged_once_each_way_and_messages_flow_again(db, own_redis, channel, caplog):
    caplog.set_level(logging.INFO, logger="aegis.settings")
    port, servers = own_redis
    url = f"redis://127.0.0.1:{port}/0"
    async with Process(url, channel) as one, Process(url, channel) as two:
        await two.source.load(GUILD)
        generation = two.bus.generation

        servers[0].terminate()
        servers[0].wait()
        await until(lambda: not two.bus.live and not one.bus.live)
        await one.config.set(GUILD, MOD, "message_rate", "limit", "3")  # saved; only the database check tells two
        await asyncio.sleep(0.2)  # several reconnect attempts go by
        assert len(down_messages(caplog)) == 2  # once per process

        servers.append(start_redis(port))
        await two.bus.wait_live(5)
        await one.bus.wait_live(5)
        assert two.bus.generation > generation  # so the bot's database check runs and reads what was missed
        assert [r.getMessage() for r in caplog.records].count(BACK_MESSAGE) == 2

        change = await one.config.set(GUILD, MOD, "message_rate", "limit", "4")
        await until(lambda: (GUILD, change.version) in two.heard, timeout=ARRIVES_WITHIN_S)
        assert two.source.cache(GUILD).rule("message_rate").limit == 4


async def test_a_failing_listener_is_logged_and_the_others_still_hear(caplog):
    bus, heard = SettingsBus(), []

    async def broken(_guild_id, _version):
        raise RuntimeError("listener bug")

    async def working(guild_id, version):
        heard.append((guild_id, version))

    bus.subscribe(broken)
    bus.subscribe(working)
    await bus.publish(GUILD, 3)
    assert heard == [(GUILD, 3)] and "settings listener failed guild=900 version=3" in caplog.text
