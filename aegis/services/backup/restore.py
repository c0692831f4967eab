"""Restoring an archive: verified first, then everything in one transaction, so that a failure at any
point (a bad byte, a full disk, a kill) leaves the database exactly as it was.

Inside the transaction: drop the Aegis tables there are, build the schema at the archive's migration
level, load every table, put indexes, foreign keys and sequences right, then apply the migrations this
Aegis has that the archive does not. A database that holds data is replaced only with force, and only
after a safety backup of it has been written. An archive this deployment did not sign is restored only
with trust_any; a database a bot is running on (its heartbeat is fresh) only with even_if_running.
"""

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from aegis import clock
from aegis.services.backup.archive import SUFFIX, BackupError
from aegis.services.backup.manifest import Manifest
from aegis.services.backup.reader import ArchiveReader, verify
from aegis.services.backup.schema import (
    HISTORY,
    check_schema_level,
    columns_of,
    has_rows,
    known_migrations,
    migrate_to,
    open_unbound,
    present_tables,
)
from aegis.services.backup.signing import SigningKey, check
from aegis.services.backup.targets import target_for
from aegis.services.backup.writer import TIMESTAMP, take_backup
from aegis.storage import migrations
from aegis.storage import models as m
from aegis.storage.database import redact_url

PAUSE_AFTER_ROWS = "AEGIS_RESTORE_PAUSE_AFTER_ROWS"  # test hook: stop mid-restore so a test can kill it
RUNNING_WITHIN = timedelta(seconds=30)  # a bot writes its heartbeat every 10 s; the console calls 30 s alive


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    migrated: tuple[str, ...]  # applied after the data went in, to bring an older archive up to date
    safety_backup: Path | None
    seconds: float


def restore(
    url: str,
    path: Path,
    *,
    key: SigningKey | None,
    trust_any: bool = False,
    force: bool = False,
    even_if_running: bool = False,
    safety_dir: Path = Path("backups"),
    on_progress: Callable[[str, int, int], None] | None = None,
) -> RestoreResult:
    started = time.perf_counter()
    path = Path(path)
    verified = verify(path, key=key)
    check(str(path), verified.provenance, key, trust_any=trust_any)
    manifest = verified.manifest
    db = open_unbound(url)
    try:
        check_schema_level(manifest.migrations, known_migrations(db), str(path))
        present = present_tables(db)
        if not even_if_running:
            _refuse_while_running(db, present, url)
        safety = None
        if has_rows(db, present):
            if not force:
                raise BackupError(
                    f"the database at {redact_url(url)} already holds data; restoring replaces all of it. "
                    "Add --force to go ahead (a safety backup of what is there is written first)."
                )
            if key is None:
                raise BackupError("a safety backup needs this deployment's backup key; none was given")
            safety = take_backup(
                url, _unused(Path(safety_dir) / f"aegis-before-restore-{clock.now():{TIMESTAMP}}"), key=key
            ).path
        with db.atomic():
            _replace(db, path, manifest, present, on_progress, key, trust_any)
            migrated = tuple(migrations.apply(db))
    finally:
        db.close()
    return RestoreResult(manifest, migrated, safety, time.perf_counter() - started)


def _refuse_while_running(db, present: list[str], url: str) -> None:
    """A bot writing while its tables are replaced would lose its writes or fail half-way: refuse instead."""
    if m.BotHeartbeat._meta.table_name not in present:
        return
    with db.bind_ctx([m.BotHeartbeat]):
        H = m.BotHeartbeat
        fresh = list(H.select().where(H.heartbeat_at >= clock.now() - RUNNING_WITHIN).order_by(H.heartbeat_at.desc()))
    if fresh:
        seen = fresh[0]
        ago = max(0, int((clock.now() - seen.heartbeat_at).total_seconds()))
        raise BackupError(
            f"a bot is running on {redact_url(url)}: {seen.instance_id} (pid {seen.pid} on {seen.hostname}) "
            f"wrote its heartbeat {ago} s ago. Stop every bot on this database first, or add --even-if-running "
            "to restore under it anyway."
        )


def _replace(db, path: Path, manifest: Manifest, present: list[str], on_progress, key, trust_any: bool) -> None:
    target = target_for(db)
    target.begin()
    target.drop(present)
    migrate_to(db, manifest.migrations)
    db.execute_sql(f"DELETE FROM {HISTORY}")  # the archive's own history, with its dates, goes in instead
    tables = [table.name for table in manifest.tables]
    for name in tables:
        if name not in db.get_tables():
            raise BackupError(f"{path}: table {name} is not part of the schema at {manifest.migrations[-1:]}")
    target.before_load(tables)
    pause = _pause_hook()
    loaded = 0
    with open(path, "rb") as stream:
        reader = ArchiveReader(stream, str(path), key=key)
        if reader.header.header_json() != manifest.header_json():
            raise BackupError(f"{path} changed while it was being restored")
        for table in reader.tables():
            missing = set(table.entry.columns) - set(columns_of(db, table.entry.name))
            if missing:
                raise BackupError(f"{path}: table {table.entry.name} has columns the schema lacks: {sorted(missing)}")

            def on_rows(rows: int, name: str = table.entry.name, before: int = loaded) -> None:
                if on_progress:
                    on_progress(name, before + rows, manifest.total_rows)
                pause(before + rows)

            target.load(table.entry.name, table.entry.columns, table.chunks, on_rows)
            loaded += manifest.table(table.entry.name).rows
        check(str(path), reader.provenance, key, trust_any=trust_any)  # the file may have changed since verify
    target.after_load(tables)


def _unused(stem: Path) -> Path:
    """A safety backup never replaces another file (restoring one safety backup takes the next)."""
    path, n = stem.with_name(stem.name + SUFFIX), 1
    while path.exists():
        n += 1
        path = stem.with_name(f"{stem.name}-{n}{SUFFIX}")
    return path


def _pause_hook() -> Callable[[int], None]:
    after = int(os.environ.get(PAUSE_AFTER_ROWS) or 0)
    if not after:
        return lambda rows: None

    def pause(rows: int) -> None:
        if rows >= after:
            print(f"restore paused after {rows} rows", file=sys.stderr, flush=True)
            time.sleep(3600)

    return pause
