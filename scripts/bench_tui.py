"""Benchmark the operator console on a big database: start-up, filtering and paging.

Seeds 1,000,000 audit entries and 100,000 cases (bulk: executemany on SQLite, COPY on Postgres), then
reports the time from creating the app to its first page on screen, and the time of each filter and page
query the console makes, as the median of several runs.

    python scripts/bench_tui.py                                   # a temporary SQLite file
    python scripts/bench_tui.py --database-url postgresql://postgres@127.0.0.1:5432/aegis_bench
    python scripts/bench_tui.py --database-url sqlite:///big.db --no-seed   # reuse a seeded database

The Postgres database is created if missing; its audit and case tables are emptied before seeding.
"""

import argparse
import asyncio
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

import peewee as pw

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseStatus, CaseType
from aegis.storage import console, migrations
from aegis.storage.console import AuditQuery, CaseFilter
from aegis.storage.database import backend_of, connect, open_database

GUILDS = 50
MODERATORS = 40
ACTIONS = (
    "case.create",
    "case.reason",
    "case.pardon",
    "case.end",
    "schedule.cancel",
    "settings.update",
    "automod.delete",
    "automod.timeout",
    "case.discord_applied",
    "member.note",
)
WORDS = [
    "spam",
    "links",
    "raid",
    "caps",
    "rude",
    "invite",
    "nsfw",
    "scam",
    "flood",
    "emoji",
    "mention",
    "alt",
    "phishing",
    "nitro",
]
START = datetime(2024, 1, 1, tzinfo=UTC)


def ensure_postgres_database(url: str) -> None:
    base, _, name = url.rpartition("/")
    admin = open_database(f"{base}/postgres")
    admin.connect()
    admin.connection().autocommit = True
    if not admin.execute_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
        admin.execute_sql(f'CREATE DATABASE "{name}"')
    admin.close()


def audit_rows(n: int, rng: random.Random):
    for i in range(1, n + 1):
        roll = rng.random()
        kind = "moderator" if roll < 0.7 else "automod" if roll < 0.95 else "system" if roll < 0.999 else "operator"
        actor_id = 9000 + rng.randrange(MODERATORS) if kind == "moderator" else None
        at = (START + timedelta(seconds=i * 20)).strftime("%Y-%m-%d %H:%M:%S")
        yield (
            i,
            at,
            1000 + rng.randrange(GUILDS),
            kind,
            actor_id,
            rng.choice(ACTIONS),
            10_000 + rng.randrange(50_000),
            " ".join(rng.choices(WORDS, k=4)),
            "{}",
        )


def case_rows(n: int, rng: random.Random):
    numbers = {}
    types = [t.value for t in CaseType]
    for i in range(1, n + 1):
        guild = 1000 + rng.randrange(GUILDS)
        numbers[guild] = numbers.get(guild, 0) + 1
        at = START + timedelta(seconds=i * 200)
        kind = rng.choice(types)
        expires = (at + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S") if kind in ("warn", "timeout") else None
        pardoned = at.strftime("%Y-%m-%d %H:%M:%S") if rng.random() < 0.02 else None
        yield (
            i,
            guild,
            numbers[guild],
            kind,
            10_000 + rng.randrange(50_000),
            "user",
            "moderator",
            9000 + rng.randrange(MODERATORS),
            " ".join(rng.choices(WORDS, k=5)),
            at.strftime("%Y-%m-%d %H:%M:%S"),
            expires,
            pardoned is None,
            pardoned,
            "applied",
            "{}",
        )


AUDIT_COLUMNS = "id, created_at, guild_id, actor_kind, actor_id, action, target_id, reason, metadata"
CASE_COLUMNS = (
    "id, guild_id, number, type, target_id, target_kind, actor_kind, moderator_id, reason, created_at, "
    "expires_at, active, pardoned_at, discord_state, metadata"
)


def seed(db: pw.Database, audits: int, cases: int) -> None:
    rng = random.Random(7)
    backend = "postgres" if isinstance(db, pw.PostgresqlDatabase) else "sqlite"
    with db.atomic():
        if backend == "postgres":
            db.execute_sql(
                "TRUNCATE audit_entry, scheduled_action, automod_event, mod_case, guild_settings, guild CASCADE"
            )
        else:
            for table in ("audit_entry", "scheduled_action", "automod_event", "mod_case", "guild_settings", "guild"):
                db.execute_sql(f"DELETE FROM {table}")
        now = START.strftime("%Y-%m-%d %H:%M:%S")
        for g in range(GUILDS):
            db.execute_sql(
                "INSERT INTO guild (id, name, last_case_number, joined_at) VALUES (%s, %s, 0, %s)".replace(
                    "%s", "?" if backend == "sqlite" else "%s"
                ),
                (1000 + g, f"guild {g}", now),
            )
        bulk(db, backend, "mod_case", CASE_COLUMNS, case_rows(cases, rng))
        bulk(db, backend, "audit_entry", AUDIT_COLUMNS, audit_rows(audits, rng))
        if backend == "postgres":
            for table in ("mod_case", "audit_entry"):
                db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    db.execute_sql("ANALYZE")


def bulk(db, backend: str, table: str, columns: str, rows) -> None:
    if backend == "sqlite":
        marks = ", ".join("?" * len(columns.split(",")))
        db.connection().executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    cursor = db.connection().cursor()
    chunk = []
    for row in rows:
        chunk.append("\t".join(r"\N" if v is None else str(v) for v in row))
        if len(chunk) == 100_000:
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO("\n".join(chunk) + "\n"))
            chunk = []
    if chunk:
        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO("\n".join(chunk) + "\n"))


def timed(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def deep(page_fn, pages: int):
    def walk():
        cursor = None
        for _ in range(pages):
            cursor = page_fn(cursor).next_cursor
            if cursor is None:
                break

    return walk


QUERIES = {
    "audit: first page, no filter": lambda: console.audit_page(AuditQuery()),
    "audit: action=case.pardon": lambda: console.audit_page(AuditQuery(action="case.pardon")),
    "audit: actor=moderator:9007": lambda: console.audit_page(
        AuditQuery(actor_kind=ActorKind.MODERATOR, actor_id=9007)
    ),
    "audit: guild=1003": lambda: console.audit_page(AuditQuery(guild_id=1003)),
    "audit: actor=operator (bounded)": lambda: console.audit_page(AuditQuery(actor_kind=ActorKind.OPERATOR)),
    "audit: actor+action (bounded)": lambda: console.audit_page(
        AuditQuery(actor_kind=ActorKind.MODERATOR, actor_id=9007, action="case.pardon")
    ),
    "audit: new rows since newest (live tail)": lambda: console.audit_newer(AuditQuery(), 999_990),
    "audit: 50 pages deep (keyset)": deep(lambda c: console.audit_page(AuditQuery(), c), 50),
    "cases: first page, no filter": lambda: console.cases_page(CaseFilter()),
    "cases: guild=1003 type=warn": lambda: console.cases_page(CaseFilter(guild_id=1003, type=CaseType.WARN)),
    "cases: guild=1003 member=10042": lambda: console.cases_page(CaseFilter(guild_id=1003, target_id=10042)),
    "cases: moderator=9007 (bounded)": lambda: console.cases_page(CaseFilter(moderator_id=9007)),
    "cases: status=pardoned (bounded)": lambda: console.cases_page(CaseFilter(status=CaseStatus.PARDONED)),
    "cases: text 'phishing nitro' (bounded)": lambda: console.cases_page(CaseFilter(text="phishing nitro")),
    "cases: 50 pages deep, guild=1003": deep(lambda c: console.cases_page(CaseFilter(guild_id=1003), c), 50),
}


async def startup(db, tab: str) -> float:
    from aegis.tui.app import AegisConsole
    from aegis.tui.data import Sources

    started = time.perf_counter()
    app = AegisConsole(Sources(db), initial=tab)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane(tab)
        while not pane.loaded:
            await pilot.pause(0.005)
        took = (time.perf_counter() - started) * 1000
        rows = app.query_one(f"#{tab}-table").row_count
    assert rows > 0, "the first page is empty"
    return took


async def ui_filter(db) -> float:
    from aegis.tui.app import AegisConsole
    from aegis.tui.data import Sources

    app = AegisConsole(Sources(db), initial="audit")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane("audit")
        while not pane.loaded:
            await pilot.pause(0.005)
        started = time.perf_counter()
        app.query_one("#audit-filter").value = "action:case.pardon"
        while not (pane.shown_generation == pane.generation and pane.query_.action == "case.pardon"):
            await pilot.pause(0.002)
        return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--audit-entries", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--no-seed", action="store_true", help="use the data already there")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='aegis-bench-')}/aegis.db"
    if backend_of(url) == "postgres":
        ensure_postgres_database(url)
    db = connect(url)
    migrations.apply(db)
    print(f"backend: {backend_of(url)}  ({url})")
    if not args.no_seed:
        started = time.perf_counter()
        seed(db, args.audit_entries, args.cases)
        print(
            f"seeded {args.audit_entries:,} audit entries and {args.cases:,} cases in {time.perf_counter() - started:.1f} s"
        )
    db.close()
    for tab in ("audit", "cases"):
        print(f"start-up to first page on screen ({tab}): {asyncio.run(startup(db, tab)):.0f} ms")
    print(f"audit filter typed -> table shows it: {asyncio.run(ui_filter(db)):.0f} ms")
    print("query (median of 7)".ljust(46) + "ms")
    worst = 0.0
    with db.connection_context():
        for name, query in QUERIES.items():
            ms = timed(query)
            worst = max(worst, ms if "deep" not in name else ms / 50)
            print(f"  {name:<44}{ms:8.1f}" + ("  (per page %.1f)" % (ms / 50) if "deep" in name else ""))
    print(f"slowest single page: {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
