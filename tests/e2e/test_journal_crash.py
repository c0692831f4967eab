"""Fault injection against the real `aegis run` process: the bot SIGKILLs itself at each step boundary of an
action (`AEGIS_CRASH_AT`, see aegis/services/moderation/journal/crashpoints.py) and a second process, started on the
same database, must leave Discord and the case telling the truth — the effect made once, lifted once, on time."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from aegis.domain.actors import OPERATOR
from aegis.domain.moderation.cases import CaseType, DiscordState
from aegis.domain.moderation.journal import OutboxState
from aegis.double import DiscordDoubleThread
from aegis.storage import guilds
from aegis.storage.moderation import cases, journal
from tests.e2e.conftest import bot_environment, seed
from tests.e2e.test_restart import wait_for_commands_synced

BAN_ROUTE = "/guilds/{guild_id}/bans/{user_id}"
MEMBER_ROUTE = "/guilds/{guild_id}/members/{user_id}"
ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"
LENGTH_S = 8  # long enough for a restarted process to be up before the expiry is due, on a busy machine
ON_TIME_S = 1.0
pytestmark = pytest.mark.slow


@pytest.fixture
def double_thread():
    with DiscordDoubleThread(heartbeat_interval=5) as thread:
        yield thread


@pytest.fixture
def world(db, double_thread):
    server = double_thread.call(seed, double_thread.double)
    muted = double_thread.call(double_thread.double.add_role, server.guild, "Muted", 0, position=1)
    settings = guilds.get_settings(server.guild.id)
    guilds.save_settings(replace(settings, mod_log_channel_id=server.mod_log.id, mute_role_id=muted.id), OPERATOR)
    return server, muted


def start_bot(double_thread, database_url, tmp_path, **crash) -> subprocess.Popen:
    env = {**os.environ, **bot_environment(double_thread.double, database_url), "AEGIS_LOG_LEVEL": "INFO"}
    env.pop("AEGIS_CONFIG", None)
    env.pop("AEGIS_CRASH_AT", None)
    if crash:
        env |= {"AEGIS_CRASH_AT": crash["at"], "AEGIS_CRASH_CASE": crash["case"]}
    log = open(tmp_path / f"bot-{time.monotonic_ns()}.log", "w")  # noqa: SIM115 - the bot process keeps it
    return subprocess.Popen([sys.executable, "-m", "aegis", "run"], cwd=tmp_path, env=env, stdout=log, stderr=log)


def crash_during(double_thread, database_url, tmp_path, server, case_type: str, at: str, command: str, options):
    bot = start_bot(double_thread, database_url, tmp_path, at=at, case=case_type)
    try:
        wait_for_commands_synced(double_thread, 1)
        double_thread.call(
            double_thread.double.invoke_command, server.guild, server.general, server.moderator, command, options
        )
        assert bot.wait(30) == -signal.SIGKILL, f"the bot never reached the crash point {at}"
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait(10)
    restarted = start_bot(double_thread, database_url, tmp_path)
    wait_for_commands_synced(double_thread, 2)  # up, its reconciler run, its expiries loaded
    double_thread.wait(double_thread.double.wait_for_session(timeout=30, count=2))  # and connected
    return restarted


def kill_while_in_flight(double_thread, database_url, tmp_path, server, method, route, command, options):
    """Discord answers the call with a long 429: the bot is waiting to send it again, the call is in flight and
    not done, and the test kills it then — no timing involved."""
    double_thread.call(double_thread.double.rate_limit_next, method, route, retry_after=60)
    bot = start_bot(double_thread, database_url, tmp_path)
    try:
        wait_for_commands_synced(double_thread, 1)
        double_thread.call(
            double_thread.double.invoke_command, server.guild, server.general, server.moderator, command, options
        )
        double_thread.wait(double_thread.double.wait_for_request(method, route, timeout=30))  # the 429
    finally:
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)
    assert [r.status for r in changes(double_thread, method, route)] == [429]
    restarted = start_bot(double_thread, database_url, tmp_path)
    wait_for_commands_synced(double_thread, 2)
    double_thread.wait(double_thread.double.wait_for_session(timeout=30, count=2))
    return restarted


def stop(bot: subprocess.Popen) -> None:
    bot.send_signal(signal.SIGTERM)
    assert bot.wait(20) == 0


def wait_until(condition, failure: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


def changes(double_thread, method: str, route: str) -> list:
    return double_thread.double.requests_matching(method, route)


def the_case(server, case_type: CaseType):
    [case] = [c for c in cases.for_target(server.guild.id, server.bob.id) if c.type is case_type]
    return case


def wall_to_monotonic(when) -> float:
    return when.timestamp() - (time.time() - time.monotonic())


def settled_case(server, case_type):
    wait_until(
        lambda: the_case(server, case_type).discord_state is not DiscordState.PENDING,
        "the restarted bot never settled the case",
    )
    case = the_case(server, case_type)
    assert journal.outbox_for_case(case.id).state is OutboxState.APPLIED
    return case


@pytest.mark.parametrize("at", ["journaled", "answered:ban", "settled"])
def test_a_tempban_killed_at_any_step_bans_once_and_unbans_once_on_time(
    world, database_url, double_thread, tmp_path, at
):
    server, _ = world
    options = {"member": server.bob, "duration": f"{LENGTH_S}s", "reason": "cool off"}
    bot = crash_during(double_thread, database_url, tmp_path, server, "tempban", at, "ban", options)
    try:
        case = settled_case(server, CaseType.TEMPBAN)
        [unban] = wait_for(double_thread, "DELETE", BAN_ROUTE)
        assert abs(unban.at - wall_to_monotonic(case.expires_at)) <= ON_TIME_S, "not lifted on time"
        wait_until(lambda: not the_case(server, CaseType.TEMPBAN).active, "the case never ended")
        assert the_case(server, CaseType.TEMPBAN).end_reason == "expired"
        assert len(changes(double_thread, "PUT", BAN_ROUTE)) == 1
        assert server.bob.id not in double_thread.call(double_thread.double.bans, server.guild)
    finally:
        stop(bot)
    assert len(changes(double_thread, "DELETE", BAN_ROUTE)) == 1


@pytest.mark.parametrize("at", ["journaled", "answered:timeout", "settled"])
def test_a_timeout_killed_at_any_step_is_applied_once_and_ends_on_time(
    world, database_url, double_thread, tmp_path, at
):
    server, _ = world
    options = {"member": server.bob, "duration": f"{LENGTH_S}s", "reason": "cool off"}
    bot = crash_during(double_thread, database_url, tmp_path, server, "timeout", at, "timeout", options)
    try:
        case = settled_case(server, CaseType.TIMEOUT)
        [patch] = changes(double_thread, "PATCH", MEMBER_ROUTE)
        member = double_thread.call(double_thread.double.member, server.guild, server.bob)
        assert abs((member.communication_disabled_until - case.expires_at).total_seconds()) < ON_TIME_S
        wait_until(lambda: not the_case(server, CaseType.TIMEOUT).active, "the case never ended", timeout=LENGTH_S + 10)
        ended = the_case(server, CaseType.TIMEOUT)
        assert abs((ended.ended_at - case.expires_at).total_seconds()) <= ON_TIME_S and ended.end_reason == "expired"
    finally:
        stop(bot)
    assert len(changes(double_thread, "PATCH", MEMBER_ROUTE)) == 1


@pytest.mark.parametrize("at", ["journaled", "answered:add_role", "settled"])
def test_a_mute_killed_at_any_step_gives_the_role_once_and_takes_it_off_on_time(
    world, database_url, double_thread, tmp_path, at
):
    server, muted = world
    options = {"member": server.bob, "duration": f"{LENGTH_S}s", "reason": "cool off"}
    bot = crash_during(double_thread, database_url, tmp_path, server, "mute", at, "mute", options)
    try:
        case = settled_case(server, CaseType.MUTE)
        [taken] = wait_for(double_thread, "DELETE", ROLE_ROUTE)
        assert abs(taken.at - wall_to_monotonic(case.expires_at)) <= ON_TIME_S, "not lifted on time"
        assert len(changes(double_thread, "PUT", ROLE_ROUTE)) == 1
        assert muted.id not in double_thread.call(double_thread.double.member, server.guild, server.bob).roles
        wait_until(lambda: not the_case(server, CaseType.MUTE).active, "the case never ended")
    finally:
        stop(bot)
    assert len(changes(double_thread, "DELETE", ROLE_ROUTE)) == 1


@pytest.mark.parametrize("at", ["journaled", "answered:ban", "answered:unban", "settled"])
def test_a_softban_killed_at_any_step_bans_and_unbans_once(world, database_url, double_thread, tmp_path, at):
    server, _ = world
    options = {"member": server.bob, "reason": "spam clean-up"}
    bot = crash_during(double_thread, database_url, tmp_path, server, "softban", at, "softban", options)
    try:
        settled_case(server, CaseType.SOFTBAN)
        assert server.bob.id not in double_thread.call(double_thread.double.bans, server.guild)
        assert len(changes(double_thread, "PUT", BAN_ROUTE)) == 1
        assert len(changes(double_thread, "DELETE", BAN_ROUTE)) == 1
    finally:
        stop(bot)


def wait_for(double_thread, method: str, route: str, timeout: float = LENGTH_S + 20) -> list:
    double_thread.wait(double_thread.double.wait_for_request(method, route, timeout=timeout))
    return changes(double_thread, method, route)


def test_a_tempban_killed_while_its_ban_is_in_flight_bans_once_and_unbans_on_time(
    world, database_url, double_thread, tmp_path
):
    server, _ = world
    options = {"member": server.bob, "duration": f"{LENGTH_S}s", "reason": "cool off"}
    bot = kill_while_in_flight(double_thread, database_url, tmp_path, server, "PUT", BAN_ROUTE, "ban", options)
    try:
        case = settled_case(server, CaseType.TEMPBAN)
        [unban] = wait_for(double_thread, "DELETE", BAN_ROUTE)
        assert abs(unban.at - wall_to_monotonic(case.expires_at)) <= ON_TIME_S, "not lifted on time"
        assert [r.status for r in changes(double_thread, "PUT", BAN_ROUTE)] == [429, 204]
    finally:
        stop(bot)
    assert len(changes(double_thread, "DELETE", BAN_ROUTE)) == 1


def test_a_mute_killed_while_its_role_call_is_in_flight_gives_it_once_and_takes_it_off_on_time(
    world, database_url, double_thread, tmp_path
):
    server, muted = world
    options = {"member": server.bob, "duration": f"{LENGTH_S}s", "reason": "cool off"}
    bot = kill_while_in_flight(double_thread, database_url, tmp_path, server, "PUT", ROLE_ROUTE, "mute", options)
    try:
        case = settled_case(server, CaseType.MUTE)
        [taken] = wait_for(double_thread, "DELETE", ROLE_ROUTE)
        assert abs(taken.at - wall_to_monotonic(case.expires_at)) <= ON_TIME_S, "not lifted on time"
        assert [r.status for r in changes(double_thread, "PUT", ROLE_ROUTE)] == [429, 204]
    finally:
        stop(bot)
