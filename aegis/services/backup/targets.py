"""Writing tables back, inside the one transaction restore.py holds open.

Postgres: COPY ... FROM STDIN straight from the archive's chunks; secondary indexes and foreign keys are
taken off while the rows go in and put back (and so checked) afterwards, as pg_restore does, then every
serial column's sequence is set past its highest value. SQLite: executemany in big batches, foreign keys
checked at commit.
"""

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import peewee as pw

from aegis.services.backup.archive import CHUNK
from aegis.services.backup.encoding import decode_lines, quote_ident

BATCH = 5_000


class Target:
    def __init__(self, db: pw.Database):
        self.db = db

    def begin(self) -> None:
        pass

    def drop(self, tables: list[str]) -> None:
        for table in reversed(tables):  # children first
            self.db.execute_sql(f"DROP TABLE {quote_ident(table)}")

    def before_load(self, tables: list[str]) -> None:
        pass

    def load(
        self, table: str, columns: tuple[str, ...], chunks: Iterable[bytes], on_rows: Callable[[int], None]
    ) -> None:
        raise NotImplementedError

    def after_load(self, tables: list[str]) -> None:
        pass


class SqliteTarget(Target):
    def begin(self) -> None:
        self.db.execute_sql("PRAGMA defer_foreign_keys = ON")  # checked at COMMIT; resets itself after

    def load(self, table, columns, chunks, on_rows) -> None:
        names = ", ".join(map(quote_ident, columns))
        sql = f"INSERT INTO {quote_ident(table)} ({names}) VALUES ({', '.join('?' * len(columns))})"
        connection, rows, done = self.db.connection(), decode_lines(chunks), 0
        # Text goes in as text and SQLite's column affinity makes integers, reals and booleans of it.
        while batch := list(islice(rows, BATCH)):
            connection.executemany(sql, batch)
            done += len(batch)
            on_rows(done)


class PostgresTarget(Target):
    def begin(self) -> None:
        self.db.execute_sql(
            "SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL TimeZone = 'UTC'; SET LOCAL maintenance_work_mem = '256MB'"
        )
        self._deferred: list[str] = []

    def drop(self, tables: list[str]) -> None:
        if tables:
            self.db.execute_sql(f"DROP TABLE {', '.join(map(quote_ident, tables))} CASCADE")

    def before_load(self, tables: list[str]) -> None:
        """Take off foreign keys and secondary indexes, remembering how to put each back."""
        for table in tables:
            for name, definition in self.db.execute_sql(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                (quote_ident(table),),
            ).fetchall():
                self.db.execute_sql(f"ALTER TABLE {quote_ident(table)} DROP CONSTRAINT {quote_ident(name)}")
                self._deferred.append(
                    f"ALTER TABLE {quote_ident(table)} ADD CONSTRAINT {quote_ident(name)} {definition}"
                )
        for table in tables:
            for name, definition in self.db.execute_sql(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid = %s::regclass AND NOT indisprimary "
                "AND indexrelid NOT IN (SELECT conindid FROM pg_constraint)",
                (quote_ident(table),),
            ).fetchall():
                self.db.execute_sql(f"DROP INDEX {name}")
                self._deferred.insert(0, definition)  # indexes before the foreign keys that use them

    def load(self, table, columns, chunks, on_rows) -> None:
        names = ", ".join(map(quote_ident, columns))
        feed = _Feed(chunks, on_rows)
        try:
            self.db.cursor().copy_expert(f"COPY {quote_ident(table)} ({names}) FROM STDIN", feed, size=CHUNK)
        except Exception:
            if feed.error is not None:  # psycopg2 reports a failed read() as its own error; ours says more
                raise feed.error from None
            raise

    def after_load(self, tables: list[str]) -> None:
        for statement in self._deferred:
            self.db.execute_sql(statement)
        for table in tables:
            self._reset_sequences(table)

    def _reset_sequences(self, table: str) -> None:
        serials = self.db.execute_sql(
            "SELECT attname, pg_get_serial_sequence(%s, attname) FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            (quote_ident(table), quote_ident(table)),
        ).fetchall()
        for column, sequence in serials:
            if sequence:
                c = quote_ident(column)
                self.db.execute_sql(
                    f"SELECT setval(%s, coalesce(max({c}), 1), max({c}) IS NOT NULL) FROM {quote_ident(table)}",
                    (sequence,),
                )


class _Feed:
    """The file-like object copy_expert reads from: the archive's chunks, counting rows as they go."""

    def __init__(self, chunks: Iterable[bytes], on_rows: Callable[[int], None]):
        self._chunks: Iterator[bytes] = iter(chunks)
        self._on_rows = on_rows
        self._rows = 0
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            chunk = next(self._chunks, b"")
        except BaseException as exc:
            self.error = exc
            raise
        if chunk:
            self._rows += chunk.count(b"\n")
            self._on_rows(self._rows)
        return chunk

    readline = read


def target_for(db: pw.Database) -> Target:
    return PostgresTarget(db) if isinstance(db, pw.PostgresqlDatabase) else SqliteTarget(db)
