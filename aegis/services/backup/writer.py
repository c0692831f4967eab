"""Taking a backup: one snapshot of every Aegis table into one .aegisbak file, and keeping N of them."""

import hashlib
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import zstandard

from aegis import __version__, clock, files
from aegis.services.backup import archive
from aegis.services.backup.archive import BackupError, json_payload
from aegis.services.backup.manifest import Manifest, TableEntry
from aegis.services.backup.schema import known_migrations
from aegis.services.backup.signing import SigningKey
from aegis.services.backup.sources import open_source

TIMESTAMP = "%Y%m%dT%H%M%SZ"
SCHEDULED_NAME = re.compile(r"^aegis-\d{8}T\d{6}Z\.aegisbak$")  # the only files --keep ever deletes
ZSTD_LEVEL = 3

Progress = Callable[[str, int, int], None]  # (table, rows so far in all tables, estimated rows in all)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    manifest: Manifest
    seconds: float
    pruned: tuple[Path, ...] = ()


class ArchiveWriter:
    """Writes blocks; hashes, counts and compresses each table's rows on the way through; signs it all."""

    def __init__(self, stream: BinaryIO, key: SigningKey):
        self.stream = stream
        self.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
        self.key = key
        self.mac = key.mac()
        self._out(archive.file_header())

    def _out(self, data: bytes) -> None:
        self.mac.update(data)
        self.stream.write(data)

    def write(self, kind: bytes, payload: bytes) -> None:
        self._out(archive.block(kind, payload))

    def sign(self) -> None:
        signature = {"key_id": self.key.key_id, "hmac": self.mac.hexdigest()}
        self.stream.write(archive.block(b"S", json_payload(signature)))

    def table(self, name: str, columns: list[str], chunks, on_rows: Callable[[int], None]) -> TableEntry:
        self.write(b"T", json_payload({"name": name, "columns": columns}))
        digest, rows = hashlib.sha256(), 0
        for chunk in chunks:
            digest.update(chunk)
            rows += chunk.count(b"\n")
            # At most CHUNK per block, whatever the source hands over, so a reader's per-block cap always holds
            # (rows may be split between blocks: the readers join them up again).
            for start in range(0, len(chunk), archive.CHUNK):
                self.write(b"D", self.compressor.compress(chunk[start : start + archive.CHUNK]))
            on_rows(rows)
        entry = TableEntry(name, tuple(columns), rows, digest.hexdigest())
        self.write(b"E", json_payload({"name": name, "rows": rows, "sha256": entry.sha256}))
        return entry


def take_backup(url: str, output: Path, *, key: SigningKey, on_progress: Progress | None = None) -> BackupResult:
    """Write the archive to `output` (via `output.partial`, renamed only once it is complete and synced), 0600
    in a directory made 0700, signed with the deployment's key."""
    started = time.perf_counter()
    output = Path(output)
    files.private_dir(output.parent)
    partial = output.with_name(output.name + ".partial")
    try:
        with open_source(url) as source, files.open_private(partial) as stream:
            tables = source.tables()
            applied = source.applied_migrations(tables)
            unknown = [name for name in applied if name not in known_migrations(source.db)]
            if unknown:
                raise BackupError(
                    f"the database has migrations this Aegis does not know ({', '.join(unknown)}); "
                    "back it up with the newer Aegis that wrote them."
                )
            estimate = sum(source.estimated_rows(table) for table, _ in tables)
            manifest = Manifest(
                __version__, clock.now(), source.backend, applied, tuple(TableEntry(t, tuple(c)) for t, c in tables)
            )
            writer = ArchiveWriter(stream, key)
            writer.write(b"H", json_payload(manifest.header_json()))
            entries: list[TableEntry] = []
            for table, columns in tables:
                before = sum(entry.rows for entry in entries)
                report = (
                    (lambda rows, t=table, b=before: on_progress(t, b + rows, estimate))
                    if on_progress
                    else (lambda rows: None)
                )
                entries.append(writer.table(table, columns, source.stream(table, columns), report))
            manifest = Manifest(
                manifest.aegis_version,
                manifest.created_at,
                manifest.source_backend,
                manifest.migrations,
                tuple(entries),
            )
            writer.write(b"M", json_payload(manifest.as_json()))
            writer.sign()
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(output, output.stat().st_size, manifest, time.perf_counter() - started)


def scheduled_name(at: datetime) -> str:
    return f"aegis-{at.strftime(TIMESTAMP)}{archive.SUFFIX}"


def backup_into(
    url: str, directory: Path, keep: int, *, key: SigningKey, on_progress: Progress | None = None
) -> BackupResult:
    """A backup named by the UTC time into `directory`, then all but the newest `keep` such files deleted."""
    result = take_backup(url, Path(directory) / scheduled_name(clock.now()), key=key, on_progress=on_progress)
    pruned = prune(Path(directory), keep)
    return BackupResult(result.path, result.size, result.manifest, result.seconds, tuple(pruned))


def scheduled_backups(directory: Path) -> list[Path]:
    """The timestamped backups in `directory`, oldest first (the names sort by time)."""
    if not Path(directory).is_dir():
        return []
    return sorted(p for p in Path(directory).iterdir() if SCHEDULED_NAME.match(p.name) and p.is_file())


def prune(directory: Path, keep: int) -> list[Path]:
    if keep < 1:
        raise BackupError(f"--keep must be 1 or more, got {keep}")
    doomed = scheduled_backups(directory)[:-keep]
    for path in doomed:
        path.unlink()
    return doomed
