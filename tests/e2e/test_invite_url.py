"""`aegis run` prints, at start, the URL that invites it with exactly the permissions Aegis needs."""

import os
import re
import signal
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from aegis.double import DiscordDoubleThread, Permission
from tests.e2e.conftest import TOKEN, bot_environment, seed

pytestmark = pytest.mark.slow
NEEDED = [
    "KICK_MEMBERS",
    "BAN_MEMBERS",
    "MANAGE_CHANNELS",
    "VIEW_AUDIT_LOG",
    "VIEW_CHANNEL",
    "SEND_MESSAGES",
    "MANAGE_MESSAGES",
    "EMBED_LINKS",
    "ATTACH_FILES",
    "READ_MESSAGE_HISTORY",
    "MANAGE_ROLES",
    "MODERATE_MEMBERS",
]


def wait_for_line(log_file, pattern: str, bot: subprocess.Popen) -> re.Match:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(pattern, log_file.read_text())
        if found:
            return found
        assert bot.poll() is None, log_file.read_text()
        time.sleep(0.05)
    raise AssertionError(f"no line matching {pattern!r} in:\n{log_file.read_text()}")


def test_the_invite_url_names_this_application_and_exactly_the_permissions_aegis_needs(database_url, tmp_path):
    with DiscordDoubleThread(heartbeat_interval=5) as double_thread:
        double_thread.call(seed, double_thread.double)
        application = double_thread.double.state.application_for_token(TOKEN)
        env = {**os.environ, **bot_environment(double_thread.double, database_url), "AEGIS_LOG_LEVEL": "INFO"}
        env.pop("AEGIS_CONFIG", None)
        log_file = tmp_path / "bot.log"
        with open(log_file, "w") as log:
            bot = subprocess.Popen([sys.executable, "-m", "aegis", "run"], cwd=tmp_path, env=env, stderr=log)
        try:
            url = wait_for_line(log_file, r"invite url=(\S+)", bot).group(1)
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=30)

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://discord.com/oauth2/authorize"
    assert query["client_id"] == [str(application.id)]
    assert query["scope"] == ["bot applications.commands"]
    expected = 0
    for name in NEEDED:
        expected |= Permission[name]
    assert query["permissions"] == [str(int(expected))]
    assert query["permissions"] == ["1099780189334"]
