"""The real `aegis run` process as an operator runs it: /healthz through a database outage, and its log."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from aegis.domain.actors import OPERATOR
from aegis.domain.guilds import GuildSettings
from aegis.double import DiscordDoubleThread
from aegis.storage import guilds
from tests.conftest import PG_ADMIN_URL
from tests.e2e.conftest import bot_environment, seed
from tests.e2e.test_restart import wait_for_commands_synced
from tests.proxy import TcpProxy

pytestmark = pytest.mark.slow
SERVING = re.compile(r"serving /metrics /healthz /readyz on http://127\.0\.0\.1:(\d+)")
LOGFMT_PAIR = re.compile(r'([\w.]+)=("(?:[^"\\]|\\.)*"|\S*)')


@pytest.fixture
def double_thread():
    with DiscordDoubleThread(heartbeat_interval=5) as thread:
        yield thread


class BotProcess:
    def __init__(self, double_thread, database_url: str, tmp_path: Path, **env: str):
        environment = {
            **os.environ,
            **bot_environment(double_thread.double, database_url),
            "AEGIS_METRICS_LISTEN": "127.0.0.1:0",
            **env,
        }
        environment.pop("AEGIS_CONFIG", None)
        self.log_path = tmp_path / f"bot-{time.monotonic_ns()}.log"
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "aegis", "run"], cwd=tmp_path, env=environment, stdout=log, stderr=log
            )
        self.port = self._wait_for_port()

    def _wait_for_port(self) -> int:
        deadline = time.monotonic() + 30
        while not (found := SERVING.search(self.log_path.read_text())):
            assert self.process.poll() is None, f"the bot ended:\n{self.log_path.read_text()}"
            assert time.monotonic() < deadline, "the bot never said where it serves /healthz"
            time.sleep(0.05)
        return int(found.group(1))

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read())

    def wait_for(self, path: str, status: int, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while (answer := self.get(path))[0] != status:
            assert time.monotonic() < deadline, f"{path} stayed {answer}"
            time.sleep(0.1)
        return answer[1]

    def stop(self) -> str:
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(20) == 0
        return self.log_path.read_text()


@pytest.mark.skipif(not PG_ADMIN_URL, reason="the proxy sits on the Postgres leg (AEGIS_TEST_DATABASE_URL)")
def test_healthz_turns_503_while_the_database_is_cut_and_200_after(db, database_url, double_thread, tmp_path):
    double_thread.call(seed, double_thread.double)
    proxy = TcpProxy.for_url(database_url)
    bot = BotProcess(double_thread, proxy.url_through(database_url), tmp_path)
    try:
        wait_for_commands_synced(double_thread, 1)
        assert bot.wait_for("/healthz", 200) == {"status": "ok"}
        assert bot.wait_for("/readyz", 200) == {"status": "ready"}

        proxy.cut()
        down = bot.wait_for("/healthz", 503)
        assert down["status"] == "unavailable"
        [reason] = down["reasons"]
        assert reason.startswith("database: ")
        assert bot.get("/readyz") == (200, {"status": "ready"})  # still connected to Discord: readiness holds

        proxy.restore()
        assert bot.wait_for("/healthz", 200) == {"status": "ok"}

        proxy.black_hole()  # gone from the network: the open connection drops, the next one hangs
        deadline = time.monotonic() + 30
        while bot.get("/healthz") != (503, {"status": "unavailable", "reasons": ["database: no answer within 2 s"]}):
            assert time.monotonic() < deadline, "a hanging database was never reported"
            time.sleep(0.1)
        proxy.restore()
        assert bot.wait_for("/healthz", 200) == {"status": "ok"}
    finally:
        bot.stop()
        proxy.close()


def parse_logfmt(line: str) -> dict:
    return {key: _unquote(value) for key, value in LOGFMT_PAIR.findall(line)}


def _unquote(value: str) -> str:
    if not value.startswith('"'):
        return value
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), value[1:-1])


def actions_taken(double_thread, server) -> None:
    """A /warn, a refused ban (hierarchy), a kick Discord refuses, a 2 s tempban that expires, a spam burst, a
    settings change."""
    double = double_thread.double

    def command(name, options, by=None, subcommand=None):
        handle = double_thread.call(
            double.invoke_command,
            server.guild,
            server.general,
            by or server.moderator,
            name,
            options,
            subcommand=subcommand,
        )
        return double_thread.wait(handle.wait_for_reply(timeout=15))

    command("warn", {"member": server.bob, "reason": "rude words"})
    command("ban", {"member": server.admin, "reason": "no"})
    double_thread.call(
        double.fail_next,
        "DELETE",
        "/guilds/{guild_id}/members/{user_id}",
        status=403,
        code=50013,
        message="Missing Permissions",
    )
    command("kick", {"member": server.bob, "reason": "bye"})
    command("ban", {"member": server.bob, "duration": "2s", "reason": "cool off"})
    for _ in range(8):
        double_thread.call(double.post_message, server.general, server.alice, "join my server, free stuff")
    command("settings", {"enabled": False}, by=server.admin, subcommand="dm")
    double_thread.wait(double.wait_for_request("DELETE", "/guilds/{guild_id}/bans/{user_id}", timeout=30))
    double_thread.wait(double.wait_for_request("PATCH", "/guilds/{guild_id}/members/{user_id}", timeout=15))


def lines_of(log: str, parse) -> list[dict]:
    return [parse(line) for line in log.splitlines() if line.strip()]


@pytest.mark.parametrize("log_format", ["logfmt", "json"])
def test_one_log_line_per_action_refusal_failure_expiry_and_settings_change(
    db, database_url, double_thread, tmp_path, log_format
):
    server = double_thread.call(seed, double_thread.double)
    guilds.save_settings(GuildSettings(server.guild.id, mod_log_channel_id=server.mod_log.id), OPERATOR)
    bot = BotProcess(double_thread, database_url, tmp_path, AEGIS_LOG_FORMAT=log_format)
    try:
        wait_for_commands_synced(double_thread, 1)
        actions_taken(double_thread, server)
        wait_until_logged(bot, "moderation.expiry")
    finally:
        log = bot.stop()
    lines = lines_of(log, json.loads if log_format == "json" else parse_logfmt)
    assert all({"ts", "level", "logger", "msg"} <= set(line) for line in lines)
    guild, mod, auto = str(server.guild.id), f"moderator:{server.moderator.id}", "automod"
    actions = [
        {k: str(line.get(k)) for k in ("action", "outcome", "case", "actor", "target")}
        for line in lines
        if line.get("event") == "moderation.action"
    ]
    assert actions == [
        {"action": "warn", "outcome": "recorded", "case": "1", "actor": mod, "target": str(server.bob.id)},
        {"action": "ban", "outcome": "refused", "case": "None", "actor": mod, "target": str(server.admin.id)},
        {"action": "kick", "outcome": "failed", "case": "None", "actor": mod, "target": str(server.bob.id)},
        {"action": "tempban", "outcome": "applied", "case": "3", "actor": mod, "target": str(server.bob.id)},
        {"action": "timeout", "outcome": "applied", "case": "4", "actor": auto, "target": str(server.alice.id)},
    ]
    by_action = {(line["action"], line["outcome"]): line for line in lines if line.get("event") == "moderation.action"}
    assert all(str(line["guild"]) == guild for line in by_action.values())
    assert by_action[("warn", "recorded")]["reason"] == "rude words"
    assert by_action[("ban", "refused")]["check"] == "hierarchy"
    assert (by_action[("ban", "refused")]["level"], by_action[("kick", "failed")]["level"]) == ("INFO", "WARNING")
    failed = by_action[("kick", "failed")]
    assert "Missing Permissions" in failed["reason"] and "(403)" in failed["reason"] and "Case #2" in failed["reason"]
    assert by_action[("timeout", "applied")]["rule"] == "duplicates"
    [expiry] = [line for line in lines if line.get("event") == "moderation.expiry"]
    assert (expiry["expiry"], expiry["result"], str(expiry["case"]), str(expiry["guild"])) == (
        "unban",
        "done",
        "3",
        guild,
    )
    [change] = [line for line in lines if line.get("event") == "settings.update" and line.get("actor") != "operator"]
    assert (str(change["guild"]), change["actor"], change["changed"]) == (
        guild,
        f"moderator:{server.admin.id}",
        "dm_on_action",
    )
    assert not [line for line in lines if "voice will NOT be supported" in line["msg"]]


def wait_until_logged(bot: BotProcess, event: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while event not in bot.log_path.read_text():
        assert time.monotonic() < deadline, f"no {event} line in the log"
        time.sleep(0.1)


def test_debug_logs_each_query_with_its_time(db, database_url, double_thread, tmp_path):
    double_thread.call(seed, double_thread.double)
    bot = BotProcess(double_thread, database_url, tmp_path, AEGIS_LOG_LEVEL="DEBUG")
    try:
        wait_for_commands_synced(double_thread, 1)
    finally:
        log = bot.stop()
    queries = [line for line in lines_of(log, parse_logfmt) if line.get("logger") == "peewee"]
    assert queries and all(line["msg"] == "query" and float(line["ms"]) >= 0 and line["sql"] for line in queries)
    assert any(line["sql"].startswith("SELECT") and "scheduled_action" in line["sql"] for line in queries)
