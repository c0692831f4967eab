"""The real `aegis run` process: a tempban's unban survives kill -9, and SIGTERM stops it cleanly."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from aegis.domain.actors import OPERATOR
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.schedule import ScheduleState
from aegis.double import DiscordDoubleThread
from aegis.storage import guilds
from aegis.storage.moderation import schedule
from aegis.storage.records import activity
from tests.conftest import ALL_MIGRATIONS
from tests.e2e.conftest import bot_environment, seed

BAN_ROUTE = "/guilds/{guild_id}/bans/{user_id}"
COMMANDS_ROUTE = "/applications/{application_id}/commands"
pytestmark = pytest.mark.slow


@pytest.fixture
def double_thread():
    with DiscordDoubleThread(heartbeat_interval=5) as thread:
        yield thread


def start_bot(double_thread, database_url, tmp_path) -> subprocess.Popen:
    env = {**os.environ, **bot_environment(double_thread.double, database_url), "AEGIS_LOG_LEVEL": "INFO"}
    env.pop("AEGIS_CONFIG", None)
    log = open(tmp_path / f"bot-{time.monotonic_ns()}.log", "w")  # noqa: SIM115 - the bot process keeps it
    return subprocess.Popen([sys.executable, "-m", "aegis", "run"], cwd=tmp_path, env=env, stdout=log, stderr=log)


def wait_for_commands_synced(double_thread, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(double_thread.double.requests_matching("PUT", COMMANDS_ROUTE)) < count:
        assert time.monotonic() < deadline, "the bot never synced its commands"
        double_thread.wait(double_thread.double.wait_for_request("PUT", COMMANDS_ROUTE, timeout=30))
    double_thread.wait(double_thread.double.wait_for_session(timeout=30, count=1))


def test_tempban_unban_arrives_on_time_exactly_once_across_kill_9(db, database_url, double_thread, tmp_path):
    server = double_thread.call(seed, double_thread.double)
    guilds.save_settings(GuildSettings(server.guild.id, mod_log_channel_id=server.mod_log.id), OPERATOR)
    bot = start_bot(double_thread, database_url, tmp_path)
    try:
        wait_for_commands_synced(double_thread, 1)
        handle = double_thread.call(
            double_thread.double.invoke_command,
            server.guild,
            server.general,
            server.moderator,
            "ban",
            {"member": server.bob, "duration": "2s", "reason": "cool off"},
        )
        reply = double_thread.wait(handle.wait_for_reply(timeout=15))
        assert "Temporary ban" in reply.content
        [ban] = double_thread.double.requests_matching("PUT", BAN_ROUTE)
        [expiry] = schedule.pending()
    finally:
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)

    restarted = start_bot(double_thread, database_url, tmp_path)
    try:
        unban = double_thread.wait(double_thread.double.wait_for_request("DELETE", BAN_ROUTE, timeout=30))
        assert unban.params["user_id"] == str(server.bob.id) and unban.status == 204
        assert unban.at >= ban.at + 2 - 0.05, "lifted early"
        wait_until(lambda: schedule.get(expiry.id).state is ScheduleState.DONE, "the expiry was never marked done")
        assert server.bob.id not in double_thread.call(double_thread.double.bans, server.guild)
        assert len(double_thread.double.requests_matching("DELETE", BAN_ROUTE)) == 1
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(20) == 0, "SIGTERM should stop the bot cleanly with exit code 0"
    assert len(double_thread.double.requests_matching("DELETE", BAN_ROUTE)) == 1
    beats = {h.instance_id: h for h in activity.heartbeats(datetime.now(UTC) - timedelta(hours=1))}
    assert beats[f"{socket.gethostname()}:{restarted.pid}"].stopped_at is not None  # the console shows it stopped
    assert beats[f"{socket.gethostname()}:{bot.pid}"].stopped_at is None  # killed: it could say nothing


def wait_until(condition, failure: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


def test_a_bad_token_is_one_clear_line_and_a_failing_exit(db, database_url, double_thread, tmp_path):
    env = {**os.environ, **bot_environment(double_thread.double, database_url), "AEGIS_DISCORD_TOKEN": "wrong"}
    result = subprocess.run(
        [sys.executable, "-m", "aegis", "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Error: Discord rejected the bot token (401)" in result.stderr
    assert "Traceback" not in result.stderr


def test_pending_migrations_stop_the_bot_before_it_connects(empty_database_url, double_thread, tmp_path):
    env = {**os.environ, **bot_environment(double_thread.double, empty_database_url)}
    result = subprocess.run(
        [sys.executable, "-m", "aegis", "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert (
        f"{len(ALL_MIGRATIONS)} migration(s) pending ({', '.join(ALL_MIGRATIONS)}): run `aegis db migrate` first, "
        "or start with `aegis run --migrate`" in result.stderr
    )
    assert double_thread.double.requests == []
