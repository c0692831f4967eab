"""What an operator scrapes from a running bot: /metrics moves with the work, /healthz and /readyz tell its state."""

import asyncio
import logging
from contextlib import asynccontextmanager

import aiohttp
import pytest
import pytest_asyncio
from prometheus_client.parser import text_string_to_metric_families

from aegis.bot.client import AegisBot
from aegis.bot.ops_http import serve_operations
from aegis.config import load_config
from aegis.domain.actors import OPERATOR
from aegis.domain.guilds import GuildSettings
from aegis.services.observability.metrics import registry
from aegis.storage import guilds
from tests.e2e.conftest import TOKEN, bot_environment, release_frozen

TIMEOUT_ROUTE = "/guilds/{guild_id}/members/{user_id}"
NOT_CONNECTED = '{"status": "unavailable", "reasons": ["gateway: not connected yet"]}'


@asynccontextmanager
async def served(server, database_url, **env):
    """The bot with `[metrics] listen` on a free loopback port."""
    guilds.save_settings(
        GuildSettings(
            server.guild.id,
            mod_log_channel_id=server.mod_log.id,
            rate_limits={"commands": {"limit": 1000, "window_s": 1}},
        ),
        OPERATOR,
    )
    env = {**bot_environment(server.double, database_url), "AEGIS_METRICS_LISTEN": "127.0.0.1:0", **env}
    client = AegisBot(load_config("absent.toml", env=env, must_exist=False), guild_ready_timeout=0.05)
    runner = asyncio.create_task(client.start(TOKEN))
    await asyncio.wait_for(client.wait_until_ready(), 10)
    try:
        yield client
    finally:
        await client.close()
        await asyncio.wait_for(runner, 10)
        release_frozen()


@pytest_asyncio.fixture
async def served_bot(server, database_url):
    async with served(server, database_url) as client:
        yield client


async def get(bot, path: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{bot.ops.port}{path}") as answer:
        return answer.status, answer.headers["Content-Type"], await answer.text()


async def scrape(bot) -> dict[tuple[str, frozenset], float]:
    status, content_type, text = await get(bot, "/metrics")
    assert status == 200 and content_type.startswith("text/plain; version=0.0.4")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples, name: str, **labels) -> float:
    """The sum over every sample of `name` whose labels include `labels` (0 when there is none yet)."""
    wanted = set(labels.items())
    return sum(v for (n, have), v in samples.items() if n == name and wanted <= have)


async def test_counters_move_after_a_spam_burst_and_a_warn(served_bot, server):
    before = await scrape(served_bot)
    for _ in range(8):
        server.double.post_message(server.general, server.alice, "join my server, free stuff")
    await server.double.wait_for_request("PATCH", TIMEOUT_ROUTE, timeout=10)
    await server.double.wait_until_read()
    await served_bot.automod_events.drain()
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "warn", {"member": server.bob, "reason": "rude"}
    )
    await handle.wait_for_reply(timeout=10)
    after = await scrape(served_bot)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("aegis_gateway_events_total", type="MESSAGE_CREATE") >= 8  # and the bot's own mod-log posts
    assert moved("aegis_gateway_events_total", type="INTERACTION_CREATE") == 1
    assert moved("aegis_automod_checks_total", kind="message") == 8
    assert moved("aegis_automod_verdicts_total", rule="duplicates") >= 1
    assert moved("aegis_moderation_actions_total", type="timeout", outcome="applied") == 1
    assert moved("aegis_moderation_actions_total", type="warn", outcome="recorded") == 1
    route = "/guilds/{id}/members/{id}"
    assert moved("aegis_discord_requests_total", method="PATCH", route=route, status="200") == 1
    assert moved("aegis_discord_request_seconds_count", method="PATCH", route=route) == 1
    callback = "/interactions/{id}/{token}/callback"
    assert moved("aegis_discord_requests_total", method="POST", route=callback) >= 1
    assert moved("aegis_db_call_seconds_count", call="guilds.get_settings") >= 1  # /warn reads the settings
    assert moved("aegis_db_call_seconds_count") >= 4
    assert value(after, "aegis_shard_up", shard="0") == 1
    assert value(after, "aegis_shard_latency_seconds", shard="0") >= 0
    assert value(after, "aegis_cache_entries", cache="guilds") == 1
    assert value(after, "aegis_cache_entries", cache="members") == 6
    caches = {dict(labels)["cache"] for name, labels in after if name == "aegis_cache_entries"}
    assert caches == {"guilds", "members", "users", "messages", "automod_settings", "expiry_timers"}
    assert value(after, "aegis_scheduled_actions", state="pending") == 1  # the automod timeout's lifting
    assert ("aegis_event_loop_lag_seconds", frozenset()) in after
    assert value(after, "aegis_discord_invalid_requests") == 0
    assert value(after, "process_resident_memory_bytes") > 0 and ("python_info", frozenset()) not in after
    assert any(name == "python_info" for name, _ in after)


async def test_a_429_is_counted_with_the_wait_it_asked_for(served_bot, server):
    before = await scrape(served_bot)
    server.double.rate_limit_next("PATCH", TIMEOUT_ROUTE, retry_after=0.2)
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "timeout", {"member": server.bob, "duration": "1h"}
    )
    await handle.wait_for_reply(timeout=10)
    after = await scrape(served_bot)
    route = "/guilds/{id}/members/{id}"
    assert (
        value(after, "aegis_discord_rate_limited_total", route=route, scope="user")
        - value(before, "aegis_discord_rate_limited_total", route=route, scope="user")
        == 1
    )
    waited = value(after, "aegis_discord_rate_limit_wait_seconds_total", route=route) - value(
        before, "aegis_discord_rate_limit_wait_seconds_total", route=route
    )
    assert waited == pytest.approx(0.2)
    assert value(after, "aegis_discord_invalid_requests") == 1


async def test_a_scheduled_expiry_shows_as_pending_then_counts_when_it_runs(served_bot, server):
    before = await scrape(served_bot)
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "ban", {"member": server.bob, "duration": "2s"}
    )
    await handle.wait_for_reply(timeout=10)
    samples = await scrape(served_bot)
    assert value(samples, "aegis_scheduled_actions", state="pending") == 1
    assert value(samples, "aegis_scheduled_actions", state="overdue") == 0
    assert value(samples, "aegis_cache_entries", cache="expiry_timers") == 1
    await server.double.wait_for_request("DELETE", "/guilds/{guild_id}/bans/{user_id}", timeout=15)
    done = {"kind": "unban", "result": "done"}
    deadline = asyncio.get_running_loop().time() + 10
    counted_before = value(before, "aegis_expiries_total", **done)
    while value(after := await scrape(served_bot), "aegis_expiries_total", **done) == counted_before:
        assert asyncio.get_running_loop().time() < deadline, "the expiry was never counted"
        await asyncio.sleep(0.05)
    assert value(after, "aegis_expiries_total", **done) - counted_before == 1
    assert value(after, "aegis_scheduled_actions", state="pending") == 0


async def test_an_escalation_has_its_own_line_by_the_system(served_bot, server, caplog):
    caplog.set_level(logging.INFO, logger="aegis.actions")
    for n in range(3):
        handle = server.double.invoke_command(
            server.guild, server.general, server.moderator, "warn", {"member": server.alice, "reason": f"spam {n}"}
        )
        await handle.wait_for_reply(timeout=10)
    lines = [r.fields for r in caplog.records if r.name == "aegis.actions"]
    assert [(f["action"], f["case"], f["actor"]) for f in lines] == [
        ("warn", 1, f"moderator:{server.moderator.id}"),
        ("warn", 2, f"moderator:{server.moderator.id}"),
        ("warn", 3, f"moderator:{server.moderator.id}"),
        ("timeout", 4, "system"),
    ]
    assert lines[-1]["reason"].startswith("Escalation: 3 active warnings") and lines[-1]["expires_at"]


async def test_healthz_and_readyz_answer_200_on_a_running_bot(served_bot):
    assert await get(served_bot, "/healthz") == (200, "application/json; charset=utf-8", '{"status": "ok"}')
    assert await get(served_bot, "/readyz") == (200, "application/json; charset=utf-8", '{"status": "ready"}')


async def test_readyz_and_healthz_are_503_until_the_gateway_is_ready_and_while_stopping(server, database_url):
    env = {**bot_environment(server.double, database_url), "AEGIS_METRICS_LISTEN": "127.0.0.1:0"}
    client = AegisBot(load_config("absent.toml", env=env, must_exist=False))
    ops = await serve_operations(client)  # as setup_hook does, before the gateway connects
    client.ops = ops
    try:
        not_connected = (503, "application/json; charset=utf-8", NOT_CONNECTED)
        assert await get(client, "/readyz") == not_connected
        assert await get(client, "/healthz") == not_connected  # the database answers; the gateway is the reason
        client.stop_requested = True
        assert (await get(client, "/readyz"))[2] == '{"status": "unavailable", "reasons": ["stopping"]}'
    finally:
        await ops.stop()


async def test_without_listen_nothing_is_served_and_the_hot_paths_count_nothing(bot, server):
    assert bot.ops is None
    events = ("aegis_gateway_events_total", {"type": "INTERACTION_CREATE"})
    rest = ("aegis_discord_requests_total", {"method": "POST", "route": "/interactions/{id}/{token}/callback"})
    before = [registry.get_sample_value(*events), registry.get_sample_value(*rest)]
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "warn", {"member": server.bob, "reason": "rude"}
    )
    await handle.wait_for_reply(timeout=10)
    assert [registry.get_sample_value(*events), registry.get_sample_value(*rest)] == before


async def test_refusals_and_failures_are_counted_apart(served_bot, server):
    before = await scrape(served_bot)
    refused = server.double.invoke_command(
        server.guild, server.general, server.moderator, "ban", {"member": server.admin, "reason": "no"}
    )
    await refused.wait_for_reply(timeout=10)
    server.double.fail_next("DELETE", "/guilds/{guild_id}/members/{user_id}", status=403, code=50013)
    failed = server.double.invoke_command(
        server.guild, server.general, server.moderator, "kick", {"member": server.bob, "reason": "bye"}
    )
    await failed.wait_for_reply(timeout=10)
    after = await scrape(served_bot)
    name = "aegis_moderation_actions_total"
    assert value(after, name, type="ban", outcome="refused") - value(before, name, type="ban", outcome="refused") == 1
    assert value(after, name, type="kick", outcome="failed") - value(before, name, type="kick", outcome="failed") == 1
    assert value(after, name, type="kick", outcome="applied") == value(before, name, type="kick", outcome="applied")


async def test_a_join_is_checked(served_bot, server):
    before = await scrape(served_bot)
    newcomer = server.double.add_user("newcomer")
    server.double.member_join(server.guild, newcomer)
    await server.double.wait_until_read()
    await served_bot.automod_events.drain()
    after = await scrape(served_bot)
    assert (
        value(after, "aegis_automod_checks_total", kind="join")
        - value(before, "aegis_automod_checks_total", kind="join")
        == 1
    )


async def test_redis_round_trips_are_timed(server, database_url, redis_url):
    async with served(server, database_url, AEGIS_REDIS_URL=redis_url) as bot:
        before = await scrape(bot)
        warn = server.double.invoke_command(
            server.guild, server.general, server.moderator, "warn", {"member": server.bob, "reason": "rude"}
        )
        await warn.wait_for_reply(timeout=10)
        dm_off = server.double.invoke_command(
            server.guild, server.general, server.admin, "settings", {"enabled": False}, subcommand="dm"
        )
        await dm_off.wait_for_reply(timeout=10)
        after = await scrape(bot)
    name = "aegis_redis_call_seconds_count"
    assert value(after, name, call="rate_limit") > value(before, name, call="rate_limit")  # the commands bucket
    assert value(after, name, call="settings_publish") - value(before, name, call="settings_publish") == 1


async def test_an_action_discord_did_only_part_of_is_counted_as_partial(served_bot, server, caplog):
    caplog.set_level(logging.INFO, logger="aegis.actions")
    before = await scrape(served_bot)
    server.double.fail_next("DELETE", "/guilds/{guild_id}/bans/{user_id}", status=403, code=50013)
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "softban", {"member": server.bob, "reason": "clean up"}
    )
    await handle.wait_for_reply(timeout=10)
    after = await scrape(served_bot)
    name = "aegis_moderation_actions_total"
    assert (
        value(after, name, type="softban", outcome="partial") - value(before, name, type="softban", outcome="partial")
        == 1
    )
    [line] = [r.fields for r in caplog.records if r.name == "aegis.actions"]
    assert (line["outcome"], line["case"]) == ("partial", 1) and "injected failure" in line["discord"]
