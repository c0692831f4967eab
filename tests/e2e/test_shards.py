"""Two `aegis run` processes as shards 0 and 1 of 2 on one Postgres: each lifts its own guilds' tempbans."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from aegis import clock
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleKind, ScheduleState
from aegis.double import DiscordDoubleThread, Permission
from aegis.storage.moderation import schedule
from aegis.tui.app import AegisConsole
from aegis.tui.data import Sources
from aegis.tui.widgets.live_table import LiveTable
from tests.e2e.conftest import BOT_POWERS, TOKEN, bot_environment
from tests.e2e.test_restart import wait_until
from tests.tui.tui_helpers import rows, until

BAN_ROUTE = "/guilds/{guild_id}/bans/{user_id}"
pytestmark = pytest.mark.slow


def shard_of(guild_id: int) -> int:
    return (guild_id >> 22) % 2


def guilds_on_both_shards(double):
    """Guild ids carry their creation millisecond, which picks the shard: make guilds until both shards have one."""
    app = double.add_bot(TOKEN, "Aegis")
    owner = double.add_user("owner")
    by_shard = {}
    while len(by_shard) < 2:
        guild = double.add_guild(f"Guild {len(double.state.guilds)}", owner)
        bot_role = double.add_role(guild, "Aegis", BOT_POWERS | Permission.VIEW_CHANNEL, position=5)
        double.add_member(guild, double.state.users[app.bot_user_id], [bot_role])
        by_shard.setdefault(shard_of(guild.id), guild)
        time.sleep(0.002)
    return by_shard


def tempban(double, guild, name: str, due_in: timedelta):
    """A member banned with an unban due, as /ban with a duration leaves it."""
    member = double.add_user(name)
    double.add_member(guild, member)
    double.ban(guild, member, reason="cool off")
    due = clock.now() + due_in
    return member, schedule.add(NewScheduledAction(guild.id, ScheduleKind.UNBAN, due, target_id=member.id))


def start_shard(double, database_url, tmp_path, *shard_args: str) -> subprocess.Popen:
    env = {**os.environ, **bot_environment(double, database_url), "AEGIS_LOG_LEVEL": "INFO"}
    env.pop("AEGIS_CONFIG", None)
    log = open(tmp_path / f"shard-{'-'.join(shard_args)}.log", "w")  # noqa: SIM115 - the bot process keeps it
    command = [sys.executable, "-m", "aegis", "run", *shard_args]
    return subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=log)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    assert process.wait(20) == 0, "SIGTERM should stop a shard cleanly"


def unbans_of(double, guild) -> list:
    return [r for r in double.requests_matching("DELETE", BAN_ROUTE) if r.params["guild_id"] == str(guild.id)]


async def test_two_shards_split_the_guilds_and_lift_each_tempban_once(postgres_url, db, tmp_path):
    with DiscordDoubleThread(heartbeat_interval=5) as thread:
        double = thread.double
        first, second = _ordered(thread)
        # Shard 1's ban falls due first: had shard 0 loaded it, it would be lifted by the time shard 0's is.
        _, late = thread.call(tempban, double, first, "alice", timedelta(seconds=1))
        _, early = thread.call(tempban, double, second, "bob", timedelta(0))

        shard_0 = start_shard(double, postgres_url, tmp_path, "--shard-ids", "0", "--shard-count", "2")
        shard_1 = None
        try:
            wait_until(lambda: schedule.get(late.id).state is ScheduleState.DONE, "shard 0 never lifted its ban", 30)
            assert len(unbans_of(double, first)) == 1
            assert schedule.get(early.id).state is ScheduleState.PENDING, "shard 0 took a guild of shard 1"
            assert unbans_of(double, second) == []

            shard_1 = start_shard(double, postgres_url, tmp_path, "--shard-ids", "1", "--shard-count", "2")
            wait_until(lambda: schedule.get(early.id).state is ScheduleState.DONE, "shard 1 never lifted its ban", 30)
            assert [len(unbans_of(double, g)) for g in (first, second)] == [1, 1]
            assert sorted(s.shard for s in double.sessions if s.connection is not None) == [(0, 2), (1, 2)]

            await health_lists_both(db)
        finally:
            for process in (shard_0, shard_1):
                if process is not None:
                    stop(process)
        assert [len(unbans_of(double, g)) for g in (first, second)] == [1, 1]


def _ordered(thread):
    by_shard = thread.call(guilds_on_both_shards, thread.double)
    return by_shard[0], by_shard[1]


async def health_lists_both(db) -> None:
    app = AegisConsole(Sources(db, None), initial="health", poll_interval=0.1)
    async with app.run_test(size=(160, 30)) as pilot:
        table = app.query_one("#bots-table", LiveTable)

        def shard_cells():
            return sorted(row[3] for row in rows(table) if row[1] == "alive")

        await until(pilot, lambda: shard_cells() == ["0 of 2", "1 of 2"], timeout=30, what="both shards on Health")
        for row in rows(table):
            assert ":" in row[2] and row[4].endswith(" ms") and row[5].endswith("s ago"), row  # host:pid, latency, beat


def test_shard_count_auto_asks_discord_and_runs_every_recommended_shard(postgres_url, db, tmp_path):
    with DiscordDoubleThread(heartbeat_interval=5, recommended_shards=2) as thread:
        thread.call(guilds_on_both_shards, thread.double)
        bot = start_shard(thread.double, postgres_url, tmp_path, "--shard-count", "auto")
        try:
            thread.wait(thread.double.wait_for_session(timeout=30, count=2))
            wait_until(
                lambda: sorted(s.shard for s in thread.double.sessions if s.connection is not None) == [(0, 2), (1, 2)],
                "the bot did not connect both recommended shards",
                30,
            )
            assert thread.double.requests_matching("GET", "/gateway/bot")
        finally:
            stop(bot)
