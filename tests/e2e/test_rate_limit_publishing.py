"""The running bot, with no Redis, publishes its in-process limiter for the console: commands a moderator
types through the double fill their bucket, and within a couple of seconds the heartbeat row says so."""

import asyncio
import time
from dataclasses import replace
from datetime import timedelta

from aegis import clock
from aegis.domain.actors import OPERATOR
from aegis.services.ratelimit import BucketSpec
from aegis.storage import guilds
from aegis.storage.records import activity


def published_by(bot):
    [mine] = [b for b in activity.heartbeats(clock.now() - timedelta(minutes=1)) if b.instance_id == bot.instance_id]
    return mine.rate_limits


async def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def test_the_bot_publishes_its_busiest_buckets_between_heartbeats(bot, server):
    await wait_for(lambda: activity.heartbeats(clock.now() - timedelta(minutes=1)), 5, "the first heartbeat")
    assert published_by(bot).source == "memory" and published_by(bot).buckets == ()

    settings = guilds.get_settings(server.guild.id)
    guilds.save_settings(replace(settings, rate_limits={"commands": {"limit": 4, "window_s": 60}}), OPERATOR)
    await bot.automod_settings.load(server.guild.id)  # what a settings-bus message would make it do
    assert bot.automod_settings.bucket(server.guild.id, "commands") == BucketSpec(4, 60.0)
    for n in range(3):
        handle = server.double.invoke_command(
            server.guild, server.general, server.moderator, "warn", {"member": server.alice, "reason": f"n{n}"}
        )
        assert "Case #" in (await handle.wait_for_reply(timeout=10)).content

    # The heartbeat is 10 s away; the 2-second update carries it.
    await wait_for(lambda: published_by(bot).buckets, 6, "the published bucket")
    [bucket] = published_by(bot).buckets
    assert (bucket.bucket, bucket.key, bucket.count, bucket.limit) == (
        "commands",
        f"{server.guild.id}:{server.moderator.id}",
        3,
        4,
    )
    assert 40 < bucket.reset_after <= 45  # three of four hits in a 60 s window, published within seconds
