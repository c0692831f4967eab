"""Opening the database a URL names, and binding the models to it.

A connection that the server (or the network) dropped is noticed the next time it is used and reopened: before
a transaction begins, or for a statement outside one, the work is retried once on the new connection. Inside a
transaction nothing is retried (what it wrote is gone with the connection); storage.session.run turns that, and a
database that cannot be reached at all, into DatabaseUnavailable.
"""

from pathlib import Path
from urllib.parse import urlparse

import peewee as pw
from playhouse.db_url import parse as parse_db_url
from playhouse.shortcuts import ReconnectMixin

from aegis import files
from aegis.errors import AegisError
from aegis.redact import redact
from aegis.storage.models import ALL_MODELS

SQLITE_PRAGMAS = {
    "journal_mode": "wal",  # readers (the console) never block the bot's writes
    "foreign_keys": 1,
    "synchronous": "normal",  # with WAL: durable across a process crash, which is what matters here
    "busy_timeout": 15_000,
}
URL_EXAMPLES = "sqlite:///aegis.db or postgresql://aegis@127.0.0.1:5432/aegis"
CONNECT_TIMEOUT_S = 5  # a server that does not answer fails a command within this, not after minutes
# What SQLite says when the file (or the disk under it) has gone away; "database is locked" is not one of them.
SQLITE_GONE = ("unable to open database file", "disk i/o error")


class DatabaseUnavailable(AegisError):
    pass


class ReconnectingPostgres(ReconnectMixin, pw.PostgresqlDatabase):
    """Postgres whose dropped connections are reopened. peewee's mixin matches error texts; psycopg2 says it
    more reliably: a broken connection is marked closed."""

    def _reconnect(self, func, *args, **kwargs):
        was_open = not self.is_closed()
        try:
            return func(*args, **kwargs)
        except (pw.OperationalError, pw.InterfaceError):
            if not was_open or self.in_transaction() or not self.connection_lost():
                raise  # connecting failed (once is enough to wait for), or the work itself did
            self.close()
            return func(*args, **kwargs)  # opens a new connection, or fails at once if there is no server

    def connection_lost(self, exc: Exception | None = None) -> bool:
        """True when the last error was the connection, not the statement (none open: connecting failed)."""
        return self.is_closed() or getattr(self._state.conn, "closed", 0) != 0


class LocalSqlite(pw.SqliteDatabase):
    def connection_lost(self, exc: Exception | None = None) -> bool:
        return exc is not None and any(text in str(exc).lower() for text in SQLITE_GONE)


def backend_of(url: str) -> str:
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgres", "postgresql"):
        return "postgres"
    raise ValueError(f"unsupported database URL scheme {scheme!r}; use {URL_EXAMPLES}")


def sqlite_path(url: str) -> str:
    """`sqlite:///rel.db` → `rel.db`, `sqlite:////abs/a.db` → `/abs/a.db`, `sqlite:///:memory:` → `:memory:`."""
    return url.removeprefix("sqlite://").removeprefix("/") or ":memory:"


def open_database(url: str) -> pw.Database:
    if backend_of(url) == "sqlite":
        path = sqlite_path(url)
        if path != ":memory:":
            files.touch_private(Path(path))  # SQLite gives its -wal and -shm files the database file's mode
        # IMMEDIATE: a writer takes the lock when it begins, so two writers queue instead of deadlocking.
        return LocalSqlite(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=15)
    params = parse_db_url(url.replace("postgres://", "postgresql://", 1))
    name = params.pop("database")
    params.setdefault("connect_timeout", CONNECT_TIMEOUT_S)  # ?connect_timeout=N in the URL overrides it
    return ReconnectingPostgres(name, **params)


def bind(db: pw.Database) -> pw.Database:
    db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    return db


def connect(url: str) -> pw.Database:
    """Open, bind and check the database, or fail with a sentence an operator can act on."""
    db = bind(open_database(url))
    try:
        db.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        raise DatabaseUnavailable(
            f"cannot reach the database at {redact_url(url)}: {first_line(exc)}. "
            "Check AEGIS_DATABASE_URL (or [database] url in aegis.toml) and that the server is running."
        ) from exc
    return db


def first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def redact_url(url: str) -> str:
    return redact(url)
