"""What the benchmarks share: a scratch database (Postgres when given an admin URL, SQLite otherwise), the
environment of an `aegis run` against the double, waiting for a client to be connected, and a process's RSS."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used: unlike wall time, barely moved by other load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@contextmanager
def scratch_database(pg_admin_url: str | None):
    """A migrated database for one run, removed afterwards: a Postgres database beside the admin URL's, or a file."""
    from aegis.storage import migrations
    from aegis.storage.database import connect, open_database

    if not pg_admin_url:
        with tempfile.TemporaryDirectory(prefix="aegis-bench-") as directory:
            url = f"sqlite:///{directory}/aegis.db"
            db = connect(url)
            migrations.apply(db)
            db.close()
            yield url
        return
    name = f"aegis_bench_{os.getpid()}"
    admin = open_database(pg_admin_url)
    admin.connect()
    admin.connection().autocommit = True
    admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    url = f"{pg_admin_url.rpartition('/')[0]}/{name}"
    db = connect(url)
    migrations.apply(db)
    db.close()
    try:
        yield url
    finally:
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def aegis_env(dt, token: str, database_url: str, redis_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": os.environ.get("PYTHONPATH") or str(ROOT),
        "AEGIS_DISCORD_TOKEN": token,
        "AEGIS_DISCORD_API_URL": dt.api_url,
        "AEGIS_DISCORD_GATEWAY_URL": dt.gateway_url,
        "AEGIS_DATABASE_URL": database_url,
        "AEGIS_LOG_LEVEL": "WARNING",
    }
    env.pop("AEGIS_CONFIG", None)
    if redis_url:
        env["AEGIS_REDIS_URL"] = redis_url
    else:
        env.pop("AEGIS_REDIS_URL", None)
    return env


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        command, env=env, cwd=tempfile.gettempdir(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def start_aegis(dt, token: str, database_url: str, redis_url: str | None) -> subprocess.Popen:
    return start([sys.executable, "-m", "aegis", "run"], aegis_env(dt, token, database_url, redis_url))


def live_sessions_of(dt, token: str) -> int:
    app_id = dt.call(lambda: dt.double.state.applications_by_token[token].id)
    return dt.call(lambda: sum(s.application.id == app_id for s in dt.double.hub.live_sessions()))


def wait_connected(dt, proc: subprocess.Popen, token: str, timeout: float = 120.0) -> float:
    """Seconds until the client's session is live and it has read everything dispatched (GUILD_CREATEs)."""
    started = time.monotonic()
    while not live_sessions_of(dt, token):
        if proc.poll() is not None or time.monotonic() > started + timeout:
            output = proc.stdout.read() if proc.poll() is not None else ""
            raise SystemExit(f"client did not connect (exit {proc.poll()}): {output[-2000:]}")
        time.sleep(0.02)
    dt.wait_until_read(timeout=timeout)
    return time.monotonic() - started


def stop(proc: subprocess.Popen, within: float = 60.0) -> str:
    """SIGTERM, as systemd stops Aegis; a process still there after `within` seconds is killed, and the output
    says so (the figures already taken stand)."""
    proc.send_signal(signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        print(f"warning: pid {proc.pid} ({' '.join(proc.args[-2:])}) did not stop within {within:.0f} s of SIGTERM")
    return out


def aegis_intents() -> str:
    """Aegis's gateway intents as a number, handed to the bare client on its command line."""
    from aegis.bot.client import intents

    return str(intents().value)


def bare_discord_py(api_url: str, gateway_url: str, intents_value: str):
    """discord.py pointed at the double, and Aegis's intents, without importing Aegis: what the bare client's
    RSS and start-up measure is discord.py's own."""
    import discord
    import yarl

    discord.http.Route.BASE = api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    return discord, discord.Intents._from_value(int(intents_value))
