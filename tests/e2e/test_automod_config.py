"""/automod end to end: a server admin changes automod and rate limits from Discord, and the running bot acts on
the new settings at once."""

import asyncio
import os
from dataclasses import replace

import pytest
import pytest_asyncio

from aegis.bot.client import AegisBot
from aegis.config import load_config
from aegis.domain.actors import OPERATOR, Actor, ActorKind
from aegis.domain.guilds import GuildSettings
from aegis.services.logs.cipher import ContentCipher
from aegis.services.settings.automod import AutomodConfig
from aegis.services.settings.bus import RedisSettingsBus
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.moderation import audit
from aegis.storage.records import activity
from tests.e2e.conftest import TOKEN, bot_environment, release_frozen
from tests.e2e.test_automod import BULK_ROUTE, DELETE_ROUTE, TIMEOUT_ROUTE, settle


async def automod(server, subcommand: str, options: dict | None = None, by=None):
    handle = server.double.invoke_command(
        server.guild, server.general, by or server.admin, "automod", options or {}, subcommand=subcommand
    )
    await handle.wait_for_reply(timeout=10)
    assert handle.ephemeral
    return handle


def text_of(handle) -> str:
    return "\n".join(message.content for message in handle.messages)


async def test_a_lower_message_limit_catches_four_quick_messages(bot, server):
    handle = await automod(server, "set", {"rule": "message_rate", "setting": "limit", "value": "3"})
    assert "✅ `message_rate.limit`: 6 → 3" in text_of(handle)

    for n in range(4):
        server.double.post_message(server.general, server.alice, f"message number {n}")
    patch = await server.double.wait_for_request("PATCH", TIMEOUT_ROUTE, timeout=10)
    await settle(bot, server)

    assert patch.params["user_id"] == str(server.alice.id) and "Automod (message_rate)" in patch.reason
    [case] = m.Case.select().where(m.Case.actor_kind == ActorKind.AUTOMOD)
    assert case.metadata["rule"] == "message_rate" and case.metadata["counts"]["messages"] == 4
    [entry] = audit.page(audit.AuditFilter(action="automod.settings"))
    assert (entry.actor_id, entry.metadata["setting"], entry.metadata["old"], entry.metadata["new"]) == (
        server.admin.id,
        "message_rate.limit",
        6,
        3,
    )


async def test_dry_run_for_everything_records_a_burst_and_deletes_nothing(bot, server):
    handle = await automod(server, "dry-run", {"rule": "all", "state": "on"})
    assert "✅ `dry_run`: off → on" in text_of(handle)

    for _ in range(8):
        server.double.post_message(server.general, server.bob, "free nitro here, click now")
    await settle(bot, server)

    events = activity.recent_automod_events(server.guild.id)
    assert {e.rule for e in events} >= {"duplicates", "message_rate"}
    assert all(e.dry_run and e.action_taken == "none" for e in events)
    for method, route in (("POST", BULK_ROUTE), ("DELETE", DELETE_ROUTE), ("PATCH", TIMEOUT_ROUTE)):
        assert server.double.requests_matching(method, route) == []
    assert m.Case.select().count() == 0 and len(server.double.messages(server.general)) == 8


async def test_a_bad_value_is_refused_plainly_and_nothing_is_stored(bot, server):
    before = guilds.get_settings(server.guild.id)
    handle = await automod(server, "set", {"rule": "message_rate", "setting": "limit", "value": "ten"})
    assert "⛔ message_rate.limit must be a whole number from 1 to 100, got 'ten'. Nothing was changed." in text_of(
        handle
    )
    handle = await automod(server, "set", {"rule": "message_rate", "setting": "limmit", "value": "3"})
    assert "message_rate has no setting 'limmit' (did you mean limit?)" in text_of(handle)
    handle = await automod(server, "ratelimit", {"bucket": "commands", "limit": 0})
    assert "commands.limit must be a whole number from 1 to 1000, got 0" in text_of(handle)

    assert guilds.get_settings(server.guild.id) == before
    assert audit.page(audit.AuditFilter(action="automod.settings")) == []
    assert audit.page(audit.AuditFilter(action="ratelimit.settings")) == []


async def test_a_tighter_commands_bucket_turns_the_third_command_away(bot, server):
    handle = await automod(server, "ratelimit", {"bucket": "commands", "limit": 2, "window": "10"})
    assert "✅ `rate limit commands`: 1000 per 1 s → 2 per 10 s" in text_of(handle)

    for n in range(2):
        handle = server.double.invoke_command(
            server.guild, server.general, server.moderator, "warn", {"member": server.alice, "reason": f"n{n}"}
        )
        assert "Case #" in (await handle.wait_for_reply(timeout=10)).content
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "warn", {"member": server.alice, "reason": "too fast"}
    )
    reply = await handle.wait_for_reply(timeout=10)
    assert (
        handle.ephemeral and "⏳ You are using commands faster than I can take them; try again in 5 s." in reply.content
    )
    assert m.Case.select().count() == 2

    handle = await automod(server, "ratelimit", {"bucket": "commands", "reset": True})
    assert "✅ `rate limit commands`: 2 per 10 s → 5 per 10 s" in text_of(handle)
    assert guilds.get_settings(server.guild.id).rate_limits == {}


async def test_show_lists_rules_and_settings_without_pinging_and_long_lists_come_as_a_file(bot, server):
    trusted = server.double.add_role(server.guild, "trusted", position=1)
    handle = await automod(server, "exempt add", {"role": trusted})
    assert f"✅ `exempt_role_ids`: none → <@&{trusted.id}>" in text_of(handle)
    assert handle.reply().allowed_mentions == {"parse": []}

    handle = await automod(server, "show")
    overview = text_of(handle)
    assert (
        "**Automod** is **on** in this server" in overview
        and f"members with Manage Messages; roles <@&{trusted.id}>" in overview
    )
    assert "`message_rate` on · action timeout" in overview

    current = guilds.get_settings(server.guild.id)
    words = [f"badword{n:03}" for n in range(400)]
    guilds.save_settings(replace(current, automod={**current.automod, "rules": {"words": {"words": words}}}), OPERATOR)
    handle = await automod(server, "show", {"rule": "words"})
    await handle.wait_until(lambda h: any(message.attachments for message in h.followups), timeout=10)
    assert all(
        len(message.content) <= 2000 and message.allowed_mentions == {"parse": []} for message in handle.followups
    )
    shown = text_of(handle)
    assert "`words` = **`badword000`, `badword001`" in shown and "… (+" in shown and "`regexes` = **none**" in shown
    assert "`action` = **delete** (default) — what happens to the member" in shown
    [attached] = [a for message in handle.messages for a in message.attachments]
    assert attached["filename"] == "automod-words.json" and attached["size"] > 400 * len("badword000")


@pytest_asyncio.fixture
async def redis_bot(server, database_url, tmp_path):
    """The bot as one of several processes sharing Redis (settings bus and rate limits)."""
    url = os.environ.get("AEGIS_TEST_REDIS_URL")
    if not url:
        pytest.skip("needs Redis: runs in the leg with AEGIS_TEST_REDIS_URL set")
    guilds.save_settings(GuildSettings(server.guild.id, mod_log_channel_id=server.mod_log.id), OPERATOR)
    environment = {**bot_environment(server.double, database_url), "AEGIS_REDIS_URL": url}
    config = load_config("absent.toml", env=environment, must_exist=False)
    client = AegisBot(config, guild_ready_timeout=0.05, content_cipher=ContentCipher.beside(tmp_path))
    runner = asyncio.create_task(client.start(TOKEN))
    await asyncio.wait_for(client.wait_until_ready(), 10)
    await client.settings_bus.wait_live(5)
    yield client
    await client.close()
    await asyncio.wait_for(runner, 10)
    release_frozen()


async def test_a_change_made_in_another_process_is_in_effect_in_the_bot_at_once(redis_bot, server):
    # e.g. a second shard, or the console: the same deployment, so the same [redis] prefix and channel
    other = RedisSettingsBus(os.environ["AEGIS_TEST_REDIS_URL"], channel=redis_bot.config.redis.settings_channel)
    heard: list[tuple[int, int]] = []

    async def hear(guild_id: int, version: int) -> None:
        heard.append((guild_id, version))

    other.subscribe(hear)
    await other.start()
    try:
        await other.wait_live(5)
        server.double.post_message(server.general, server.bob, "hello")  # the bot now holds this guild's settings
        await settle(redis_bot, server)
        change = await AutomodConfig(other).set(
            server.guild.id, Actor.moderator(server.admin.id), "message_rate", "limit", "3"
        )
        async with asyncio.timeout(1):
            while redis_bot.automod_settings.cache(server.guild.id).rule("message_rate").limit != 3:
                await asyncio.sleep(0.01)

        for n in range(4):
            server.double.post_message(server.general, server.alice, f"message number {n}")
        patch = await server.double.wait_for_request("PATCH", TIMEOUT_ROUTE, timeout=10)
        assert patch.params["user_id"] == str(server.alice.id) and "Automod (message_rate)" in patch.reason

        handle = await automod(server, "enable", {"rule": "caps", "state": "off"})  # and the other way round
        assert "✅ `caps.enabled`: on → off" in text_of(handle)
        async with asyncio.timeout(1):
            while (server.guild.id, change.version + 1) not in heard:
                await asyncio.sleep(0.01)
    finally:
        await other.stop()
