"""/warn latency: the interaction dispatched by the Discord double → the moderator's final reply, the case committed.

    python scripts/bench_warn.py [--sequential 1000] [--concurrent 50] [--moderators 10] \
        [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--redis redis://127.0.0.1:6379/14]

Without --pg the bot runs on a scratch SQLite file, without --redis on its in-process limiter. The double runs
in this process on its own thread; two clients run as subprocesses against it, one after the other:
(a) the baseline, a bare discord.py client that answers every command the way Aegis does (defer, then edit the
    original response) and does nothing else: the double's and discord.py's own round trip;
(b) `aegis run`: /warn records the case, DMs the member, posts to the mod log, then edits its reply.
Each runs `--sequential` commands one after another, then `--concurrent` at once from `--moderators`
moderators; each warn names a different member (so the escalation ladder stays at a warning). With --quiet
the server has DMs off and no mod log, which shows what those three requests add. Reported:
p50/p99 for both and the ratio aegis/bare; afterwards the bench checks that every warn left exactly one case.
The server's `commands` bucket is raised for the run (a moderator may otherwise run 5 commands per 10 s).
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
    cpu_s,
    percentile,
    scratch_database,
    start,
    start_aegis,
    stop,
    wait_connected,
)

BARE, AEGIS = "bench-bare", "bench-aegis"
WARMUP = 20


def bare_client(api_url: str, gateway_url: str, token: str, intents_value: str) -> None:
    import signal

    discord, intents = bare_discord_py(api_url, gateway_url, intents_value)

    class Answering(discord.Client):
        async def on_interaction(self, interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.edit_original_response(content="done")

    async def main():
        client = Answering(intents=intents)
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(client.close()))
        async with client:
            await client.start(token)

    asyncio.run(main())


def seed(double, moderators: int, targets: int):
    from aegis.double import Permission

    powers = (
        Permission.BAN_MEMBERS
        | Permission.KICK_MEMBERS
        | Permission.MODERATE_MEMBERS
        | Permission.MANAGE_MESSAGES
        | Permission.VIEW_CHANNEL
        | Permission.SEND_MESSAGES
    )
    apps = [double.add_bot(BARE, "Bare"), double.add_bot(AEGIS, "Aegis")]
    guild = double.add_guild("Bench", double.add_user("owner"))
    bot_role = double.add_role(guild, "bots", powers, position=5)
    mod_role = double.add_role(guild, "moderator", Permission.MODERATE_MEMBERS | Permission.KICK_MEMBERS, position=3)
    for app in apps:
        double.add_member(guild, double.state.users[app.bot_user_id], [bot_role])
    mods = [double.add_user(f"mod{i}") for i in range(moderators)]
    for mod in mods:
        double.add_member(guild, mod, [mod_role])
    members = [double.add_user(f"member{i}") for i in range(targets)]
    for member in members:
        double.add_member(guild, member)
    channel, mod_log = double.add_channel(guild, "general"), double.add_channel(guild, "mod-log")
    return guild, channel, mod_log, mods, members


async def warn(double, token: str, guild, channel, moderator, member) -> float:
    app = double.state.applications_by_token[token]
    started = time.perf_counter()
    handle = double.invoke_command(
        guild, channel, moderator, "warn", {"member": member, "reason": "bench"}, application=app
    )
    reply = await handle.wait_for_reply(timeout=60)
    took = time.perf_counter() - started
    if not reply.content:
        raise SystemExit("an empty reply")
    return took


async def warm_up(double, token: str, world, members) -> None:
    guild, channel, _, mods, _ = world
    for i in range(WARMUP):
        await warn(double, token, guild, channel, mods[i % len(mods)], members[i])


async def sequential(double, token: str, world, members) -> list[float]:
    guild, channel, _, mods, _ = world
    return [await warn(double, token, guild, channel, mods[i % len(mods)], m) for i, m in enumerate(members)]


async def concurrent(double, token: str, world, members) -> list[float]:
    guild, channel, _, mods, _ = world
    return list(
        await asyncio.gather(
            *(warn(double, token, guild, channel, mods[i % len(mods)], m) for i, m in enumerate(members))
        )
    )


def measured(dt, proc, phase, *args) -> tuple[list[float], float, float]:
    """The latencies; per command, the client's CPU milliseconds, the double's (this process's) and the client's
    requests to Discord."""
    cpu, own, requests = cpu_s(proc.pid), time.process_time(), len(dt.requests)
    latencies = dt.wait(phase(dt.double, *args), timeout=600)
    per = len(latencies)
    client_ms, double_ms = (cpu_s(proc.pid) - cpu) * 1000 / per, (time.process_time() - own) * 1000 / per
    return latencies, client_ms, double_ms, (len(dt.requests) - requests) / per


def line(label: str, values: list[float], cpu_ms: float, double_ms: float, requests: float) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"{label}: p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms; "
        f"per command: client CPU {cpu_ms:.2f} ms, double CPU {double_ms:.2f} ms, {requests:.0f} requests to Discord"
    )


def cases_recorded(url: str) -> int:
    from aegis.storage import models as m
    from aegis.storage.database import connect

    db = connect(url)
    try:
        return m.Case.select().where(m.Case.type == "warn").count()
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sequential", type=int, default=1000)
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--moderators", type=int, default=10)
    parser.add_argument(
        "--quiet", action="store_true", help="no DM and no mod log: what the three requests telling people cost"
    )
    parser.add_argument("--pg", help="Postgres admin URL: the bot runs on a scratch database beside it")
    parser.add_argument("--redis", help="Redis URL for the bot's limiter and settings bus")
    parser.add_argument(
        "--bare-client", nargs=4, metavar=("API", "GATEWAY", "TOKEN", "INTENTS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.bare_client:
        return bare_client(*args.bare_client)

    from aegis.domain.actors import OPERATOR
    from aegis.domain.guilds import GuildSettings
    from aegis.double import DiscordDoubleThread
    from aegis.storage import guilds
    from aegis.storage.database import connect

    total = WARMUP + args.sequential + args.concurrent
    with scratch_database(args.pg) as url, DiscordDoubleThread() as dt:
        world = dt.call(seed, dt.double, args.moderators, total)
        guild, _, mod_log, _, members = world
        db = connect(url)
        fast = {"commands": {"limit": 1000, "window_s": 1}}
        notify = {} if args.quiet else {"mod_log_channel_id": mod_log.id}
        settings = GuildSettings(guild.id, dm_on_action=not args.quiet, rate_limits=fast, **notify)
        guilds.save_settings(settings, OPERATOR)
        db.close()
        print(
            f"world: 1 guild, {args.moderators} moderators, {total} members; database "
            f"{'Postgres' if args.pg else 'SQLite'}, Redis {'yes' if args.redis else 'no (in-process limiter)'}"
        )
        results = {}
        for token in (BARE, AEGIS):
            if token == BARE:
                command = [sys.executable, __file__, "--bare-client", dt.api_url, dt.gateway_url, BARE, aegis_intents()]

                proc = start(command, aegis_env(dt, BARE, url, None))
            else:
                proc = start_aegis(dt, AEGIS, url, args.redis)
                dt.wait(dt.double.wait_for_request("PUT", "/applications/{application_id}/commands", timeout=60))
            wait_connected(dt, proc, token)
            first = WARMUP + args.sequential
            try:
                dt.wait(warm_up(dt.double, token, world, members), timeout=600)
                results[token] = (
                    measured(dt, proc, sequential, token, world, members[WARMUP:first]),
                    measured(dt, proc, concurrent, token, world, members[first:]),
                )
            finally:
                output = stop(proc)
            if "Traceback" in output:
                print(output[-3000:])
        (bare_seq, *bare_seq_costs), (bare_conc, *bare_conc_costs) = results[BARE]
        (aegis_seq, *aegis_seq_costs), (aegis_conc, *aegis_conc_costs) = results[AEGIS]
        print(line(f"(a) bare discord.py, {args.sequential} sequential", bare_seq, *bare_seq_costs))
        print(line(f"(b) aegis /warn,     {args.sequential} sequential", aegis_seq, *aegis_seq_costs))
        print(line(f"(a) bare discord.py, {args.concurrent} concurrent", bare_conc, *bare_conc_costs))
        print(line(f"(b) aegis /warn,     {args.concurrent} concurrent", aegis_conc, *aegis_conc_costs))
        for label, a, b, target in (
            ("sequential", bare_seq, aegis_seq, 25),
            ("concurrent", bare_conc, aegis_conc, 100),
        ):
            print(
                f"ratio aegis/bare {label}: p50 {percentile(b, 50) / percentile(a, 50):.1f}x, "
                f"p99 {percentile(b, 99) / percentile(a, 99):.1f}x (target: aegis p99 < {target} ms, "
                f"measured {percentile(b, 99) * 1000:.1f} ms)"
            )
        recorded = cases_recorded(url)
        print(f"cases recorded: {recorded} of {total} warns" + ("" if recorded == total else "  <-- MISMATCH"))
        if recorded != total:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
