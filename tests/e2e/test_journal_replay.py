"""Replays end to end: an interaction delivered twice (at once, or again to a restarted process) and a spam burst
re-sent with the same message ids make one case and one Discord effect."""

import asyncio
import signal

import pytest

from aegis.domain.actors import OPERATOR, ActorKind
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.cases import CaseType
from aegis.double.events import payloads
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.moderation import cases
from tests.e2e.test_restart import double_thread, start_bot, wait_for_commands_synced  # noqa: F401 - a fixture

BAN_ROUTE = "/guilds/{guild_id}/bans/{user_id}"
CALLBACK_ROUTE = "/interactions/{interaction_id}/{interaction_token}/callback"
MEMBER_ROUTE = "/guilds/{guild_id}/members/{user_id}"


def deliver_again(double, handle, guild) -> None:
    double.hub.dispatch("INTERACTION_CREATE", handle.payload, guild_id=guild.id, application_id=handle.application.id)


def callbacks(double, handle) -> list:
    return [r for r in double.requests_matching("POST", CALLBACK_ROUTE) if r.params["interaction_id"] == str(handle.id)]


async def until(condition, failure: str, timeout: float = 15) -> None:
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(failure) from None


async def test_one_interaction_delivered_twice_at_once_makes_one_case_and_one_ban(bot, server):
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "ban", {"member": server.bob, "reason": "spam"}
    )
    deliver_again(server.double, handle, server.guild)
    await handle.wait_for_reply(timeout=10)
    await server.double.wait_until_read()
    await until(lambda: cases.for_target(server.guild.id, server.bob.id), "no case")
    assert [c.type for c in cases.for_target(server.guild.id, server.bob.id)] == [CaseType.BAN]
    assert len(server.double.requests_matching("PUT", BAN_ROUTE)) == 1


@pytest.mark.slow
def test_one_interaction_delivered_again_after_a_restart_acts_on_nothing(db, database_url, double_thread, tmp_path):  # noqa: F811
    from tests.e2e.conftest import seed

    double = double_thread.double
    server = double_thread.call(seed, double)
    guilds.save_settings(GuildSettings(server.guild.id, mod_log_channel_id=server.mod_log.id), OPERATOR)
    bot = start_bot(double_thread, database_url, tmp_path)
    try:
        wait_for_commands_synced(double_thread, 1)
        handle = double_thread.call(
            double.invoke_command, server.guild, server.general, server.moderator, "ban", {"member": server.bob}
        )
        double_thread.wait(handle.wait_for_reply(timeout=15))
    finally:
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)
    restarted = start_bot(double_thread, database_url, tmp_path)
    try:
        wait_for_commands_synced(double_thread, 2)
        double_thread.wait(double.wait_for_session(timeout=30, count=2))
        double_thread.call(deliver_again, double, handle, server.guild)
        # The restarted process takes the replay up: its acknowledgement is refused (40060), and nothing is done.
        double_thread.wait(until(lambda: len(callbacks(double, handle)) >= 2, "the replay was never handled"))
        assert [c.type for c in cases.for_target(server.guild.id, server.bob.id)] == [CaseType.BAN]
        assert len(double.requests_matching("PUT", BAN_ROUTE)) == 1
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(20) == 0


async def test_a_spam_burst_replayed_with_the_same_message_ids_punishes_and_counts_once(bot, server):
    posted = [server.double.post_message(server.general, server.alice, "join my server, free stuff") for _ in range(8)]
    await server.double.wait_for_request("PATCH", MEMBER_ROUTE, timeout=10)
    await server.double.wait_until_read()
    await bot.automod_events.drain()
    for message in posted:  # a resumed gateway re-sends what the bot had already seen
        data = payloads.message(server.double.state, message)
        server.double.hub.dispatch("MESSAGE_CREATE", data, guild_id=server.guild.id)
    await server.double.wait_until_read()
    await bot.automod_events.drain()
    await bot.automod.flush_counters()

    assert len(server.double.requests_matching("PATCH", MEMBER_ROUTE)) == 1
    assert m.Case.select().where(m.Case.actor_kind == ActorKind.AUTOMOD).count() == 1
    assert m.DailyCounter.get(m.DailyCounter.guild == server.guild.id).messages == 8
