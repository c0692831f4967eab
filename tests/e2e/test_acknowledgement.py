"""Every command is acknowledged within Discord's 3 s however slow storage is, and a command whose reply cannot be
delivered is logged with its cause, never left as an unretrieved task exception."""

import asyncio
import gc
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from aegis.double.events.interactions import EPHEMERAL, CallbackType
from aegis.services import dbcall

DISCORD_DEADLINE_S = 3.0
SLOW_S = 4.0
FOLLOWUP_ROUTE = "/webhooks/{application_id}/{interaction_token}"


class SlowDatabase(ThreadPoolExecutor):
    """Every storage call (settings, limiter state, cases) waits 4 s before it runs, as on a distant database."""

    def submit(self, fn, /, *args, **kwargs):
        def slowly():
            time.sleep(SLOW_S)
            return fn(*args, **kwargs)

        return super().submit(slowly)


async def test_with_a_slow_database_the_first_command_is_acknowledged_in_time_and_answered_by_follow_up(
    bot, server, monkeypatch
):
    slow = SlowDatabase(max_workers=4, thread_name_prefix="aegis-db-slow")
    monkeypatch.setattr(dbcall, "_pool", slow)
    try:
        assert not bot.automod_settings.loaded(server.guild.id)  # the first command in this guild reads them
        asked = time.monotonic()
        handle = server.double.invoke_command(server.guild, server.general, server.moderator, "case", {"number": 42})
        await handle.response(timeout=DISCORD_DEADLINE_S)
        assert time.monotonic() - asked < DISCORD_DEADLINE_S
        assert handle.callback_type == CallbackType.DEFERRED_CHANNEL_MESSAGE
        assert handle.callback_data["flags"] & EPHEMERAL

        reply = await handle.wait_for_reply(timeout=60)
        assert reply.content == "⛔ There is no case #42 in this server."
        assert reply in handle.followups and reply.ephemeral
        assert time.monotonic() - asked >= 2 * SLOW_S  # it did wait for the settings and the case lookup
    finally:
        monkeypatch.undo()
        slow.shutdown(wait=True)


async def test_a_reply_the_client_cannot_read_is_logged_with_its_cause_and_escapes_nothing(bot, server, caplog):
    caplog.set_level(logging.INFO)
    # A Discord-compatible server that answers the follow-ups with something discord.py cannot parse.
    server.double.fail_next("POST", FOLLOWUP_ROUTE, status=200, message="not a message", times=2)
    handle = server.double.invoke_command(server.guild, server.general, server.moderator, "case", {"number": 42})
    await handle.response(timeout=DISCORD_DEADLINE_S)
    async with asyncio.timeout(10):
        while not any("could not tell the moderator it failed" in r.getMessage() for r in caplog.records):
            await asyncio.sleep(0.02)
    gc.collect()  # an unretrieved task exception is reported when the task is collected
    await asyncio.sleep(0)

    [failed] = [
        r for r in caplog.records if r.getMessage().startswith("command=case") and r.getMessage().endswith("failed")
    ]
    assert failed.exc_info is not None and "KeyError" in caplog.text  # the cause, with its traceback
    [untold] = [r for r in caplog.records if "could not tell the moderator it failed" in r.getMessage()]
    assert untold.getMessage().endswith(
        f"guild={server.guild.id}: could not tell the moderator it failed: KeyError: 'channel_id'"
    )
    assert "Task exception was never retrieved" not in caplog.text
    assert "Unhandled exception" not in caplog.text


async def test_a_command_that_fails_on_aegiss_side_says_so_and_what_was_changed(bot, server, caplog):
    server.double.fail_next("POST", FOLLOWUP_ROUTE, status=200, message="not a message", times=1)
    handle = server.double.invoke_command(server.guild, server.general, server.moderator, "case", {"number": 42})
    reply = await handle.wait_for_reply(timeout=10)
    assert reply.content == (
        "⛔ Something went wrong on my side; it is in the bot's log. Nothing was changed unless a case says so."
    )
    assert reply.ephemeral and any(
        r.getMessage() == f"command=case guild={server.guild.id} failed" for r in caplog.records
    )
