"""Restoring an archive: verified first, then everything in one transaction, so that a failure at any
point (a bad byte, a full disk, a kill) leaves the database exactly as it was.

Inside the transaction: drop the Aegis tables there are, build the schema at the archive's migration
level, load every table, put indexes, foreign keys and sequences right, then apply the migrations this
Aegis has that the archive does not. A database that holds data is replaced only with force, and only
after a safety backup of it has been written.
"""

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
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
from aegis.services.backup.targets import target_for
from aegis.services.backup.writer import TIMESTAMP, take_backup
from aegis.storage import migrations
from aegis.storage.database import redact_url

PAUSE_AFTER_ROWS = "AEGIS_RESTORE_PAUSE_AFTER_ROWS"  # test hook: stop mid-restore so a test can kill it


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
    force: bool = False,
    safety_dir: Path = Path("backups"),
    on_progress: Callable[[str, int, int], None] | None = None,
) -> RestoreResult:
    started = time.perf_counter()
    path = Path(path)
    manifest = verify(path)
    db = open_unbound(url)
    try:
        check_schema_level(manifest.migrations, known_migrations(db), str(path))
        present = present_tables(db)
        safety = None
        if has_rows(db, present):
            if not force:
                raise BackupError(
                    f"the database at {redact_url(url)} already holds data; restoring replaces all of it. "
                    "Add --force to go ahead (a safety backup of what is there is written first)."
                )
            safety = take_backup(
                url, _unused(Path(safety_dir) / f"aegis-before-restore-{clock.now():{TIMESTAMP}}")
            ).path
        with db.atomic():
            _replace(db, path, manifest, present, on_progress)
            migrated = tuple(migrations.apply(db))
    finally:
        db.close()
    return RestoreResult(manifest, migrated, safety, time.perf_counter() - started)


def _replace(db, path: Path, manifest: Manifest, present: list[str], on_progress) -> None:
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
        reader = ArchiveReader(stream, str(path))
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
