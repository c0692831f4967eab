"""The invalid-request budget end to end: the double answers 403 to everything, the bot's count trips, the heartbeat
carries it, and /raid resolve pauses (saying so in the mod log) until the count is back under (issue #12)."""

import asyncio
import logging
import time
from dataclasses import replace
from datetime import timedelta

import pytest_asyncio

from aegis import clock
from aegis.bot.client import AegisBot
from aegis.config import load_config
from aegis.domain.actors import OPERATOR
from aegis.domain.guilds import GuildSettings
from aegis.storage import guilds, raids
from aegis.storage.records import activity
from tests.e2e.conftest import TOKEN, bot_environment, release_frozen
from tests.e2e.test_raid import burst_of_joins, eventually, mod_log_lines

BANS = "/guilds/{guild_id}/bans/{user_id}"
PAUSE_AT = 5


@pytest_asyncio.fixture
async def touchy_bot(server, database_url):
    """The suite's bot, but pausing at 5 invalid requests rather than 2,000, and looking again every 50 ms."""
    guilds.save_settings(
        GuildSettings(
            server.guild.id,
            mod_log_channel_id=server.mod_log.id,
            # wide buckets: what holds the resolve back here is the invalid-request budget, nothing else
            rate_limits={"commands": {"limit": 1000, "window_s": 1}, "automod_actions": {"limit": 1000, "window_s": 1}},
        ),
        OPERATOR,
    )
    config = load_config("absent.toml", env=bot_environment(server.double, database_url), must_exist=False)
    config = replace(config, discord=replace(config.discord, invalid_requests_pause_at=PAUSE_AT))
    client = AegisBot(config, guild_ready_timeout=0.05)
    client.invalid_requests._check_every_s = 0.05
    runner = asyncio.create_task(client.start(TOKEN))
    await asyncio.wait_for(client.wait_until_ready(), 10)
    yield client
    await client.close()
    await asyncio.wait_for(runner, 10)
    release_frozen()


async def test_403s_to_everything_trip_the_budget_and_raid_resolve_waits_it_out(touchy_bot, server, caplog):
    bot = touchy_bot
    caplog.set_level(logging.WARNING, "aegis.ratelimit")
    await burst_of_joins(bot, server)  # a raid: 11 members timed out
    raid = raids.active(server.guild.id)

    server.double.refuse_everything(403)
    await burst_of_joins(bot, server, count=6, prefix="late")  # raid mode's timeouts on them: six 403s
    server.double.refuse_everything(None)
    assert bot.invalid_requests.count >= PAUSE_AT and bot.invalid_requests.paused
    assert any("invalid-request budget spent" in r.getMessage() for r in caplog.records)

    def published():
        [beat] = activity.heartbeats(clock.now() - timedelta(minutes=1))
        return beat.invalid_requests

    await eventually(lambda: published() is not None and published().paused)
    assert published().pause_at == PAUSE_AT

    bans_before = len(server.double.requests_matching("PUT", BANS))
    resolve = server.double.invoke_command(
        server.guild, server.general, server.moderator, "raid", {"action": "ban"}, subcommand="resolve"
    )
    [started] = await resolve.wait_for_followups(1, timeout=10)
    assert started.content.startswith(f"⏳ Raid #{raid.id}: banning 17 members")
    await eventually(lambda: mod_log_lines(server, "Raid resolve is paused"))
    [paused] = mod_log_lines(server, "Raid resolve is paused")
    assert f"Discord has refused {bot.invalid_requests.count:,} of Aegis's requests (401/403/429)" in paused.content
    await asyncio.sleep(0.3)  # several looks at the budget later, still nobody banned
    assert len(server.double.requests_matching("PUT", BANS)) == bans_before and len(resolve.followups) == 1

    ten_minutes_on = time.monotonic() + 630  # the 403s age out of the 10-minute window (kept in 10 s slots)
    bot.invalid_requests._monotonic = lambda: ten_minutes_on
    started, done = await resolve.wait_for_followups(2, timeout=30)
    assert done.content.startswith(f"✅ Raid #{raid.id} resolved (ban): 17 banned")
    assert len(server.double.requests_matching("PUT", BANS)) == bans_before + 17
    assert any("paused work goes on" in r.getMessage() for r in caplog.records)
