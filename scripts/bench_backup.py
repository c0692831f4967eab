"""Benchmark: `aegis db backup` / `aegis db restore` against pg_dump -Fc / pg_restore --single-transaction.

Seeds 1,000,000 cases and as many audit entries (generate_series, seconds) into a scratch Postgres
database, then in the same run times each tool as the operator runs it (a whole process each) and prints
the ratios and archive sizes.

    /work/venv/bin/python scripts/bench_backup.py [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]
        [--cases 1000000] [--bin /usr/bin] [--keep]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2

GUILDS = 100
SEED_SQL = f"""
INSERT INTO guild (id, name, last_case_number, joined_at)
    SELECT 100000000000000000 + g, 'Guild ' || g, ceil(%(cases)s::numeric / {GUILDS}), timestamp '2026-01-01'
    FROM generate_series(1, {GUILDS}) g;
INSERT INTO mod_case (guild_id, number, type, target_id, target_kind, actor_kind, moderator_id, reason,
                      created_at, expires_at, active, discord_state, metadata)
    SELECT 100000000000000000 + i %% {GUILDS} + 1, i / {GUILDS} + 1, (ARRAY['warn','timeout','ban','kick'])[i %% 4 + 1],
           200000000000000000 + i %% 50000, 'user', 'moderator', 300000000000000000 + i %% 20,
           'reason number ' || i, timestamp '2026-01-01' + i * interval '1 second',
           CASE WHEN i %% 3 = 0 THEN timestamp '2026-02-01' + i * interval '1.5 second' END,
           i %% 2 = 0, 'applied', '{{"n":' || i || '}}'
    FROM generate_series(0, %(cases)s - 1) i;
INSERT INTO audit_entry (created_at, guild_id, actor_kind, actor_id, action, target_id, reason, metadata, case_id)
    SELECT created_at, guild_id, actor_kind, moderator_id, 'case.create', target_id, reason,
           '{{"case_number":' || number || ',"type":"' || type || '"}}', id
    FROM mod_case;
"""


def url_for(admin_url: str, name: str) -> str:
    return admin_url.rpartition("/")[0] + "/" + name


def recreate(admin_url: str, name: str) -> str:
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return url_for(admin_url, name)


def drop(admin_url: str, *names: str) -> None:
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cur:
        for name in names:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def timed(command: list[str], env: dict | None = None, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, **(env or {})}, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return took


def aegis(*args: str, url: str) -> list[str]:
    return [sys.executable, "-m", "aegis", "db", *args], {"AEGIS_DATABASE_URL": url}


def counts(url: str) -> tuple[int, int, int]:
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT (SELECT count(*) FROM mod_case), (SELECT count(*) FROM audit_entry), "
            "(SELECT max(number) FROM mod_case WHERE guild_id = 100000000000000001)"
        )
        return cur.fetchone()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--bin", default="/usr/bin", help="where pg_dump and pg_restore are")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases and files")
    args = parser.parse_args()
    names = ("aegis_bench_source", "aegis_bench_aegis_restore", "aegis_bench_pg_restore")
    host = args.admin_url.split("@")[-1].split("/")[0]
    pg = ["-h", host.split(":")[0], "-p", (host.split(":") + ["5432"])[1], "-U", "postgres"]

    source = recreate(args.admin_url, names[0])
    subprocess.run(
        [sys.executable, "-m", "aegis", "db", "migrate"],
        env={**os.environ, "AEGIS_DATABASE_URL": source},
        check=True,
        capture_output=True,
    )
    started = time.perf_counter()
    with psycopg2.connect(source) as conn, conn.cursor() as cur:
        cur.execute(SEED_SQL, {"cases": args.cases})
    conn = psycopg2.connect(source)
    conn.autocommit = True
    conn.cursor().execute("VACUUM ANALYZE")
    conn.close()
    cases, audits, _ = counts(source)
    print(f"seeded {cases:,} cases and {audits:,} audit entries in {time.perf_counter() - started:.1f} s")

    scratch = Path(tempfile.mkdtemp(prefix="aegis-bench-"))
    ours, theirs = scratch / "bench.aegisbak", scratch / "bench.dump"
    command, env = aegis("backup", "--output", str(ours), url=source)
    t_backup = timed(command, env, scratch)  # the backup key goes beside the (absent) aegis.toml: the scratch folder
    t_dump = timed([f"{args.bin}/pg_dump", *pg, "-Fc", "-f", str(theirs), names[0]])
    command, env = aegis("verify", str(ours), url=source)
    t_verify = timed(command, env, scratch)

    target = recreate(args.admin_url, names[1])
    command, env = aegis("restore", str(ours), url=target)
    t_restore = timed(command, env, scratch)
    recreate(args.admin_url, names[2])
    t_pg_restore = timed([f"{args.bin}/pg_restore", *pg, "--single-transaction", "-d", names[2], str(theirs)])
    assert counts(target) == counts(source) == counts(url_for(args.admin_url, names[2])), "restores differ"

    mib = 1 << 20
    print(f"{'':28}{'aegis':>10}{'postgres':>10}{'ratio':>8}")
    print(f"{'backup vs pg_dump -Fc':28}{t_backup:>9.2f}s{t_dump:>9.2f}s{t_backup / t_dump:>7.2f}x")
    print(f"{'restore vs pg_restore -1':28}{t_restore:>9.2f}s{t_pg_restore:>9.2f}s{t_restore / t_pg_restore:>7.2f}x")
    print(
        f"{'archive size':28}{ours.stat().st_size / mib:>7.1f}MiB{theirs.stat().st_size / mib:>7.1f}MiB"
        f"{ours.stat().st_size / theirs.stat().st_size:>7.2f}x"
    )
    print(f"{'aegis db verify':28}{t_verify:>9.2f}s")
    if not args.keep:
        ours.unlink()
        theirs.unlink()
        (scratch / "aegis-backup.key").unlink()
        scratch.rmdir()
        drop(args.admin_url, *names)
    else:
        print(f"kept {scratch} and databases {', '.join(names)}")


if __name__ == "__main__":
    main()
