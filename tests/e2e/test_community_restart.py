"""The real `aegis run` process: a newcomer's delayed autorole and a scheduled announcement survive kill -9 and happen
once, on time."""

import signal
import time

import pytest

from aegis.domain.actors import OPERATOR
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.schedule import ScheduleKind, ScheduleState
from aegis.double import Permission
from aegis.storage import guilds
from aegis.storage.moderation import schedule
from tests.e2e.conftest import seed
from tests.e2e.test_restart import double_thread, start_bot, wait_for_commands_synced, wait_until  # noqa: F401

ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"
MESSAGES = "/channels/{channel_id}/messages"
pytestmark = pytest.mark.slow


def test_a_delayed_autorole_arrives_once_after_a_kill_9(db, database_url, double_thread, tmp_path):  # noqa: F811
    double = double_thread.double
    server = double_thread.call(seed, double)
    members = double_thread.call(double.add_role, server.guild, "Members", Permission.SEND_MESSAGES, position=1)
    rule = {"role_id": members.id, "delay_s": 2, "after_screening": False}
    settings = GuildSettings(server.guild.id, welcome_channel_id=server.general.id, autoroles=(rule,))
    guilds.save_settings(settings, OPERATOR)
    bot = start_bot(double_thread, database_url, tmp_path)
    try:
        wait_for_commands_synced(double_thread, 1)
        newcomer = double_thread.call(double.add_user, "newcomer")
        joined = time.monotonic()
        double_thread.call(double.member_join, server.guild, newcomer)
        wait_until(lambda: schedule.pending(), "the autorole was never scheduled")
        [action] = schedule.pending()
        assert (action.kind, action.target_id) == (ScheduleKind.AUTOROLE, newcomer.id)
        welcome = [m for m in double_thread.call(double.messages, server.general) if str(newcomer.id) in m.content]
        assert welcome, "the newcomer was not welcomed"
    finally:
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)
    assert double.requests_matching("PUT", ROLE_ROUTE) == []

    restarted = start_bot(double_thread, database_url, tmp_path)
    try:
        given = double_thread.wait(double.wait_for_request("PUT", ROLE_ROUTE, timeout=30))
        assert (given.params["user_id"], given.params["role_id"]) == (str(newcomer.id), str(members.id))
        assert given.at >= joined + 2 - 0.05, "given before its delay"
        wait_until(lambda: schedule.get(action.id).state is ScheduleState.DONE, "the autorole was never marked done")
        assert members.id in double_thread.call(double.member, server.guild, newcomer).roles
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(20) == 0
    assert len(double.requests_matching("PUT", ROLE_ROUTE)) == 1


def test_a_scheduled_announcement_posts_once_at_its_time_after_a_kill_9(db, database_url, double_thread, tmp_path):  # noqa: F811
    double = double_thread.double
    server = double_thread.call(seed, double)
    bot = start_bot(double_thread, database_url, tmp_path)
    try:
        wait_for_commands_synced(double_thread, 1)
        options = {"channel": server.general, "text": "Doors open", "at": "3s"}
        asked = time.monotonic()
        handle = double_thread.call(
            double.invoke_command, server.guild, server.general, server.moderator, "announce", options
        )
        assert "will be posted" in double_thread.wait(handle.wait_for_reply(timeout=15)).content
        [action] = schedule.pending()
    finally:
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)

    def announced():
        return [r for r in double.requests_matching("POST", MESSAGES) if r.json.get("content") == "Doors open"]

    assert announced() == []
    restarted = start_bot(double_thread, database_url, tmp_path)
    try:
        wait_until(announced, "the announcement never came", timeout=30)
        assert announced()[0].at >= asked + 3 - 0.05, "posted early"
        wait_until(lambda: schedule.get(action.id).state is ScheduleState.DONE, "never marked done")
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(20) == 0
    assert len(announced()) == 1
