"""Start-up: process start → READY with many guilds, and the pending expiries loaded, against baselines.

    python scripts/bench_startup.py [--guilds 1000] [--members 10] [--pending 100000] \
        [--pg postgresql://postgres@127.0.0.1:5432/postgres]

The database (a scratch Postgres database beside --pg's, or a SQLite file) holds `--pending` scheduled unbans,
due tomorrow, spread over the guilds. Measured in this run:
(1) loading: Aegis's ExpiryScheduler.start() in this process (read the rows, arm each) against the baseline of
    one plain SELECT of the same rows; and how many timer handles the event loop holds afterwards (target: one,
    not one per row; load target < 2 s);
(2) READY: the double (in this process) serves `--guilds` guilds of `--members` members; time from starting
    the process until its session is live and it has read every GUILD_CREATE: a bare discord.py client with
    Aegis's intents (the baseline), then `aegis run` (commands synced, expiries loaded, then the gateway).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import timedelta

from bench_support import aegis_env, aegis_intents, bare_discord_py, scratch_database, start, stop

BARE, AEGIS = "bench-bare", "bench-aegis"


def bare_client(api_url: str, gateway_url: str, token: str, intents_value: str) -> None:
    import signal

    discord, intents = bare_discord_py(api_url, gateway_url, intents_value)

    class Announcing(discord.Client):
        async def on_ready(self):
            print("ready", flush=True)

    async def main():
        client = Announcing(intents=intents)
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(client.close()))
        async with client:
            await client.start(token)

    asyncio.run(main())


def seed_world(double, guilds: int, members: int) -> list[int]:
    apps = [double.add_bot(BARE, "Bare"), double.add_bot(AEGIS, "Aegis")]
    ids = []
    for g in range(guilds):
        guild = double.add_guild(f"Guild {g}", double.add_user(f"owner{g}"))
        for app in apps:
            double.add_member(guild, double.state.users[app.bot_user_id])
        double.add_channel(guild, "general")
        for i in range(members):
            double.add_member(guild, double.add_user(f"g{g}m{i}"))
        ids.append(guild.id)
    return ids


def seed_pending(guild_ids: list[int], pending: int) -> None:
    from aegis import clock
    from aegis.storage import models as m
    from aegis.storage.guilds import ensure_guild
    from aegis.storage.session import database

    for guild_id in guild_ids:
        ensure_guild(guild_id)
    now = clock.now()
    due = now + timedelta(days=1)
    rows = [
        {
            "guild": guild_ids[i % len(guild_ids)],
            "kind": "unban",
            "due_at": due + timedelta(seconds=i),
            "target_id": 10**17 + i,
            "payload": {},
            "state": "pending",
            "created_at": now,
            "updated_at": now,
        }
        for i in range(pending)
    ]
    with database().atomic():
        for at in range(0, len(rows), 2000):
            m.ScheduledAction.insert_many(rows[at : at + 2000]).execute()


def plain_select() -> tuple[int, float]:
    from aegis.storage.session import database

    started = time.perf_counter()
    cursor = database().execute_sql("SELECT id, guild_id, due_at FROM scheduled_action WHERE state = 'pending'")
    count = len(cursor.fetchall())
    return count, time.perf_counter() - started


async def aegis_load() -> tuple[int, float, int]:
    from aegis.services.moderation.expiries import ExpiryScheduler

    async def never(*_):
        raise AssertionError("nothing is due during the bench")

    loop = asyncio.get_running_loop()
    timers_before = len(loop._scheduled)  # the event loop's timer heap: what one handle per row would fill
    scheduler = ExpiryScheduler(never, never, watch_every=3600)
    started = time.perf_counter()
    loaded = await scheduler.start()
    took = time.perf_counter() - started
    timers = len(loop._scheduled) - timers_before
    await scheduler.stop()
    return loaded, took, timers


def ready(dt, token: str, url: str) -> float:
    """Seconds from starting the process to its READY: the line the bare client's on_ready prints, or Aegis's
    `ready user=… guilds=…` log line, read as the process writes it."""
    started = time.monotonic()
    if token == BARE:
        command = [sys.executable, __file__, "--bare-client", dt.api_url, dt.gateway_url, BARE, aegis_intents()]
        proc = start(command, aegis_env(dt, BARE, url, None))
    else:
        env = {**aegis_env(dt, AEGIS, url, None), "AEGIS_LOG_LEVEL": "INFO"}
        proc = start([sys.executable, "-m", "aegis", "run"], env)
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line)
            if line.startswith("ready") or "ready user=" in line:  # logfmt: msg=ready user=…
                return time.monotonic() - started
        raise SystemExit(f"{token} ended before READY: {''.join(seen)[-3000:]}")
    finally:
        output = "".join(seen) + stop(proc)
        if "Traceback" in output:
            print(output[-3000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--guilds", type=int, default=1000)
    parser.add_argument("--members", type=int, default=10, help="members per guild")
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--pg", help="Postgres admin URL: the run uses a scratch database beside it")
    parser.add_argument(
        "--bare-client", nargs=4, metavar=("API", "GATEWAY", "TOKEN", "INTENTS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.bare_client:
        return bare_client(*args.bare_client)

    from aegis.double import DiscordDoubleThread
    from aegis.storage.database import connect

    with scratch_database(args.pg) as url, DiscordDoubleThread() as dt:
        guild_ids = dt.call(seed_world, dt.double, args.guilds, args.members)
        db = connect(url)
        seed_pending(guild_ids, args.pending)
        print(
            f"world: {args.guilds} guilds x {args.members} members; {args.pending} pending expiries in "
            f"{'Postgres' if args.pg else 'SQLite'}"
        )
        count, select_s = plain_select()
        loaded, load_s, timers = asyncio.run(aegis_load())
        db.close()
        print(f"(1) baseline: one plain SELECT of the {count} pending rows: {select_s:.2f} s")
        print(
            f"    aegis ExpiryScheduler.start(): {loaded} loaded and armed in {load_s:.2f} s "
            f"(target < 2 s); event-loop timer handles added: {timers} (one per row would be {loaded})"
        )
        print(f"    ratio aegis/plain SELECT = {load_s / select_s:.1f}x")
        bare_s = ready(dt, BARE, url)
        aegis_s = ready(dt, AEGIS, url)
        print(
            f"(2) start -> READY with {args.guilds} guilds: bare discord.py {bare_s:.2f} s, aegis run {aegis_s:.2f} s"
        )
        print(f"    ratio aegis/bare = {aegis_s / bare_s:.2f}x (aegis's includes loading the {loaded} expiries)")


if __name__ == "__main__":
    main()
