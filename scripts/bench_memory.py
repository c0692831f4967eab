"""Memory: the RSS of `aegis run` against a bare discord.py client with the same intents, on the same world.

    python scripts/bench_memory.py [--guilds 1000] [--members 100] [--big-guild 100000] \
        [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--redis redis://127.0.0.1:6379/14]

Two worlds, each served by a fresh Discord double in this process: (1) `--guilds` guilds of `--members` members,
(2) one guild of `--big-guild` members. In each, a bare `discord.Client` (Aegis's intents, discord.py's default
member cache) and then `aegis run` connect one after the other; once a client has read every GUILD_CREATE and
member chunk, its RSS is read (after a short settle), and the ratio aegis/bare printed (target <= 1.1); then
`--messages` ordinary messages are fed and the RSS read again (what the message cache and automod's
histories add).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from bench_support import (
    aegis_env,
    aegis_intents,
    bare_discord_py,
    rss_mb,
    scratch_database,
    start,
    start_aegis,
    stop,
    wait_connected,
)

BARE, AEGIS = "bench-bare", "bench-aegis"
SETTLE_S = 2.0


def bare_client(api_url: str, gateway_url: str, token: str, intents_value: str) -> None:
    import signal

    discord, intents = bare_discord_py(api_url, gateway_url, intents_value)

    async def main():
        client = discord.Client(intents=intents)
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(client.close()))
        async with client:
            await client.start(token)

    asyncio.run(main())


def seed(double, guilds: int, members: int) -> None:
    apps = [double.add_bot(BARE, "Bare"), double.add_bot(AEGIS, "Aegis")]
    for g in range(guilds):
        guild = double.add_guild(f"Guild {g}", double.add_user(f"owner{g}"))
        for app in apps:
            double.add_member(guild, double.state.users[app.bot_user_id])
        for name in ("general", "help"):
            double.add_channel(guild, name)
        for i in range(members):
            double.add_member(guild, double.add_user(f"g{g}m{i}"))


def chat(double, count: int) -> list[tuple]:
    """`count` ordinary messages across the world's channels, each author picked far from the last: in a world
    as big as the defaults nobody writes fast enough to trip automod (in a tiny one, keep `count` small)."""
    guilds = list(double.state.guilds.values())
    plan = []
    for n in range(count):
        guild = guilds[n % len(guilds)]
        channel = double.state.channels[guild.channel_ids[n % len(guild.channel_ids)]]
        members = list(guild.members)
        author = double.state.users[members[(n * 7919) % len(members)]]
        plan.append((channel, author, f"hello there, message {n} about the game tonight"))
    return plan


def resident(dt, token: str, url: str, redis_url: str | None, messages: int) -> tuple[float, float]:
    """RSS once connected, and after `messages` messages were read."""
    if token == BARE:
        proc = start(
            [sys.executable, __file__, "--bare-client", dt.api_url, dt.gateway_url, BARE, aegis_intents()],
            aegis_env(dt, BARE, url, None),
        )
    else:
        proc = start_aegis(dt, AEGIS, url, redis_url)
    try:
        wait_connected(dt, proc, token, timeout=900)
        time.sleep(SETTLE_S)  # discord.py asks for member chunks after GUILD_CREATE: let those be read too
        dt.wait_until_read(timeout=300)
        connected = rss_mb(proc.pid)
        dt.wait(dt.double.feed_messages(dt.call(chat, dt.double, messages)), timeout=300)
        dt.wait_until_read(timeout=300)
        time.sleep(SETTLE_S)
        return connected, rss_mb(proc.pid)
    finally:
        output = stop(proc)
        if "Traceback" in output:
            print(output[-3000:])


def measure(label: str, guilds: int, members: int, url: str, redis_url: str | None, messages: int) -> None:
    from aegis.double import DiscordDoubleThread

    with DiscordDoubleThread() as dt:
        dt.call(seed, dt.double, guilds, members)
        bare, bare_after = resident(dt, BARE, url, None, messages)
        aegis, aegis_after = resident(dt, AEGIS, url, redis_url, messages)
    print(
        f"{label}: bare discord.py {bare:.0f} MB, aegis run {aegis:.0f} MB; ratio aegis/bare = {aegis / bare:.2f} "
        f"(target <= 1.1); after {messages} messages: bare {bare_after:.0f} MB (+{bare_after - bare:.1f}), "
        f"aegis {aegis_after:.0f} MB (+{aegis_after - aegis:.1f}), ratio {aegis_after / bare_after:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--guilds", type=int, default=1000)
    parser.add_argument("--members", type=int, default=100, help="members per guild in world (1)")
    parser.add_argument("--big-guild", type=int, default=100_000, help="members of world (2)'s one guild")
    parser.add_argument("--messages", type=int, default=1000, help="messages fed once connected")
    parser.add_argument("--pg", help="Postgres admin URL: the bot runs on a scratch database beside it")
    parser.add_argument("--redis", help="Redis URL for the bot")
    parser.add_argument(
        "--bare-client", nargs=4, metavar=("API", "GATEWAY", "TOKEN", "INTENTS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.bare_client:
        return bare_client(*args.bare_client)
    with scratch_database(args.pg) as url:
        measure(
            f"(1) {args.guilds} guilds x {args.members} members",
            args.guilds,
            args.members,
            url,
            args.redis,
            args.messages,
        )
        measure(f"(2) 1 guild x {args.big_guild} members", 1, args.big_guild, url, args.redis, args.messages)


if __name__ == "__main__":
    main()
