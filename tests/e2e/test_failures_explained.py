"""Start-up and runtime failures end in one line that names the cause, against the double (issue #12)."""

import asyncio
import logging
import os
import subprocess
import sys
import time

import pytest

from aegis.bot.client import AegisBot
from aegis.config import load_config
from aegis.double import DiscordDoubleThread
from aegis.errors import AegisError
from aegis.storage import models as m
from aegis.storage.records import activity
from tests.e2e.conftest import TOKEN, bot_environment, release_frozen, seed
from tests.e2e.test_automod import BULK_ROUTE, settle

REFUSED = "Must be between 1 and 100 in length."


async def test_a_refused_command_is_named_with_what_discord_said(server, database_url):
    server.double.refuse_command("warn", "options.1.description", REFUSED)
    config = load_config("absent.toml", env=bot_environment(server.double, database_url), must_exist=False)
    client = AegisBot(config, guild_ready_timeout=0.05)
    try:
        with pytest.raises(AegisError) as refused:
            await asyncio.wait_for(client.start(TOKEN), 10)
    finally:
        await client.close()
        release_frozen()
    line = str(refused.value)
    assert "\n" not in line
    assert f"/warn › options › reason › description: {REFUSED}" in line
    assert "HTTP 400, error 50035" in line


async def test_an_event_the_client_cannot_read_is_skipped_and_named(bot, server, caplog):
    caplog.set_level(logging.ERROR, "aegis.bot")
    bad = {"id": "1", "channel_id": str(server.general.id), "guild_id": str(server.guild.id)}  # no author, no content
    server.double.hub.dispatch("MESSAGE_CREATE", bad, guild_id=server.guild.id)
    await server.double.wait_until_read()

    [line] = [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()]
    assert line.startswith("gateway event MESSAGE_CREATE could not be read (KeyError:")
    assert not bot.is_closed()
    # ... and automod still works on the next messages
    for _ in range(8):
        server.double.post_message(server.general, server.alice, "still here, still spamming")
    await server.double.wait_for_request("POST", BULK_ROUTE, timeout=10)
    await settle(bot, server)
    assert activity.recent_automod_events(server.guild.id) and m.Case.select().count() == 1


# ---- the real `aegis run` process: what it prints last ----


@pytest.fixture
def double_thread():
    with DiscordDoubleThread(heartbeat_interval=5) as thread:
        yield thread


def aegis_run(double_thread, database_url, tmp_path) -> subprocess.Popen:
    env = {**os.environ, **bot_environment(double_thread.double, database_url), "AEGIS_LOG_LEVEL": "INFO"}
    env.pop("AEGIS_CONFIG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "aegis", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def last_line(process: subprocess.Popen) -> str:
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr, stderr
    return stderr.strip().splitlines()[-1]


def wait_until_connected(double_thread) -> None:
    deadline = time.monotonic() + 30
    while not double_thread.call(lambda: double_thread.double.hub.live_sessions()):
        assert time.monotonic() < deadline, "the bot never connected"
        time.sleep(0.05)


@pytest.mark.slow
def test_aegis_run_ends_with_the_refused_command(db, database_url, double_thread, tmp_path):
    double_thread.call(seed, double_thread.double)
    double_thread.call(double_thread.double.refuse_command, "warn", "options.1.description", REFUSED)
    line = last_line(aegis_run(double_thread, database_url, tmp_path))
    assert line.startswith("Error: Discord refused Aegis's slash commands (HTTP 400, error 50035)")
    assert f"/warn › options › reason › description: {REFUSED}" in line


@pytest.mark.slow
def test_aegis_run_ends_with_the_gateway_close_code_it_cannot_recover_from(db, database_url, double_thread, tmp_path):
    double_thread.call(seed, double_thread.double)
    process = aegis_run(double_thread, database_url, tmp_path)
    try:
        wait_until_connected(double_thread)
        double_thread.call(double_thread.double.drop_connections, 4013)  # invalid intents: no reconnect
        line = last_line(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert line.startswith("Error: Discord closed the gateway connection with code 4013")


def send_raw_frame(double, frame: str) -> None:
    for session in double.hub.live_sessions():
        session.connection.control.append(frame)
        session.connection.wakeup.set()


@pytest.mark.slow
def test_aegis_run_never_ends_without_saying_why(db, database_url, double_thread, tmp_path):
    """A frame that is not even JSON ends discord.py's connection; the process still says what ended it."""
    double_thread.call(seed, double_thread.double)
    process = aegis_run(double_thread, database_url, tmp_path)
    try:
        wait_until_connected(double_thread)
        double_thread.call(send_raw_frame, double_thread.double, "this is not JSON")
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert process.returncode == 1
    assert "stopping: no new work" in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("Error: stopped by an unexpected error: JSONDecodeError"), stderr[-2000:]
