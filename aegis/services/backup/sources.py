"""Reading every Aegis table from one consistent snapshot, as encoded chunks.

Postgres: one REPEATABLE READ, READ ONLY transaction; each table leaves through COPY ... TO STDOUT.
SQLite: one read transaction in WAL mode (a snapshot that never blocks the bot's writes); a database not
in WAL mode is first copied with the online-backup API and read from the copy.
"""

import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

import peewee as pw

from aegis.services.backup.archive import CHUNK, BackupError
from aegis.services.backup.encoding import quote_ident, sqlite_row_sql
from aegis.services.backup.schema import HISTORY, columns_of, open_unbound, present_tables
from aegis.storage.database import backend_of, sqlite_path


class Source:
    backend: str
    db: pw.Database

    def tables(self) -> list[tuple[str, list[str]]]:
        return [(table, columns_of(self.db, table)) for table in present_tables(self.db)]

    def applied_migrations(self, tables: list[tuple[str, list[str]]]) -> tuple[str, ...]:
        if HISTORY not in dict(tables):
            return ()
        return tuple(row[0] for row in self.db.execute_sql(f"SELECT name FROM {HISTORY} ORDER BY id"))

    def estimated_rows(self, table: str) -> int:
        return self.db.execute_sql(f"SELECT count(*) FROM {quote_ident(table)}").fetchone()[0]

    def stream(self, table: str, columns: list[str]) -> Iterator[bytes]:
        raise NotImplementedError


class PostgresSource(Source):
    backend = "postgres"

    def __init__(self, db: pw.Database):
        self.db = db
        self.booleans: dict[str, set[str]] = {}

    def begin(self) -> None:
        connection = self.db.connection()
        connection.autocommit = True  # the transaction below is spelled out, not psycopg2's implicit one
        cursor = connection.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL TimeZone = 'UTC'; SET LOCAL extra_float_digits = 1")

    def end(self) -> None:
        self.db.connection().cursor().execute("COMMIT")

    def tables(self) -> list[tuple[str, list[str]]]:
        found = []
        for table in present_tables(self.db):
            columns = self.db.get_columns(table)
            self.booleans[table] = {c.name for c in columns if c.data_type == "boolean"}
            found.append((table, [c.name for c in columns]))
        return found

    def estimated_rows(self, table: str) -> int:
        sql = "SELECT greatest(reltuples::bigint, 0) FROM pg_class WHERE oid = %s::regclass"
        return self.db.execute_sql(sql, (quote_ident(table),)).fetchone()[0]

    def stream(self, table: str, columns: list[str]) -> Iterator[bytes]:
        booleans = self.booleans.get(table, set())
        if booleans:  # t/f would not read back into SQLite; 1/0 reads back into both
            select = ", ".join(f"{quote_ident(c)}::int" if c in booleans else quote_ident(c) for c in columns)
            sql = f"COPY (SELECT {select} FROM {quote_ident(table)}) TO STDOUT"
        else:
            sql = f"COPY {quote_ident(table)} ({', '.join(map(quote_ident, columns))}) TO STDOUT"
        return copy_out(self.db.connection().cursor(), sql)


def copy_out(cursor, sql: str) -> Iterator[bytes]:
    """COPY TO STDOUT in CHUNK-sized pieces. psycopg2 writes each row with its own call, so the rows go
    through a pipe (C-level writes) from a thread, and the caller reads big chunks from the other end."""
    read_fd, write_fd = os.pipe()
    failure: list[BaseException] = []

    def produce() -> None:
        with open(write_fd, "wb", buffering=1 << 20) as sink:
            try:
                cursor.copy_expert(sql, sink)
            except BaseException as exc:  # handed to the reading side, which raises it
                failure.append(exc)

    thread = threading.Thread(target=produce, name="aegis-backup-copy", daemon=True)
    thread.start()
    try:
        with open(read_fd, "rb", buffering=CHUNK) as source:
            while data := source.read(CHUNK):
                yield data
    finally:
        thread.join()
    if failure:
        raise failure[0]


class SqliteSource(Source):
    backend = "sqlite"

    def __init__(self, db: pw.Database):
        self.db = db

    def begin(self) -> None:
        self.db.execute_sql("BEGIN")  # DEFERRED; in WAL mode the first read fixes the snapshot

    def end(self) -> None:
        self.db.execute_sql("COMMIT")

    def stream(self, table: str, columns: list[str]) -> Iterator[bytes]:
        cursor = self.db.connection().execute(sqlite_row_sql(table, columns))
        size, pending = 0, []
        while rows := cursor.fetchmany(2000):
            text = "".join(row[0] for row in rows).encode("utf-8")
            pending.append(text)
            size += len(text)
            if size >= CHUNK:
                yield b"".join(pending)
                size, pending = 0, []
        if pending:
            yield b"".join(pending)


@contextmanager
def open_source(url: str) -> Iterator[Source]:
    """A source inside its snapshot transaction, closed (and the snapshot let go) on the way out."""
    with ExitStack() as stack:
        if backend_of(url) == "postgres":
            db = open_unbound(url)
            source: Source = PostgresSource(db)
        else:
            path = stack.enter_context(_sqlite_snapshot_file(url))
            db = pw.SqliteDatabase(path, pragmas={"busy_timeout": 15_000})
            db.connect()
            source = SqliteSource(db)
        stack.callback(db.close)
        source.begin()
        try:
            yield source
        except BaseException:
            with suppress(Exception):
                source.end()
            raise
        source.end()


@contextmanager
def _sqlite_snapshot_file(url: str) -> Iterator[str]:
    path = sqlite_path(url)
    if path == ":memory:" or not Path(path).is_file():
        raise BackupError(f"there is no SQLite database at {path} to back up")
    live = sqlite3.connect(path, timeout=15)
    try:
        mode = live.execute("PRAGMA journal_mode").fetchone()[0]
        if mode == "wal":
            yield path
            return
        with tempfile.TemporaryDirectory(prefix="aegis-backup-") as scratch:
            copy = sqlite3.connect(Path(scratch) / "snapshot.db")
            live.backup(copy)  # one step: a consistent copy, however busy the bot is
            copy.close()
            yield str(Path(scratch) / "snapshot.db")
    finally:
        live.close()
