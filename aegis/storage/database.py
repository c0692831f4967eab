"""Opening the database a URL names, and binding the models to it."""

from pathlib import Path
from urllib.parse import urlparse

import peewee as pw
from playhouse.db_url import parse as parse_db_url

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


class DatabaseUnavailable(AegisError):
    pass


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
        return pw.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=15)
    params = parse_db_url(url.replace("postgres://", "postgresql://", 1))
    name = params.pop("database")
    params.setdefault("connect_timeout", 5)
    return pw.PostgresqlDatabase(name, **params)


def bind(db: pw.Database) -> pw.Database:
    db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    return db


def connect(url: str) -> pw.Database:
    """Open, bind and check the database, or fail with a sentence an operator can act on."""
    db = bind(open_database(url))
    try:
        db.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailable(
            f"cannot reach the database at {redact_url(url)}: {detail}. "
            "Check AEGIS_DATABASE_URL (or [database] url in aegis.toml) and that the server is running."
        ) from exc
    return db


def redact_url(url: str) -> str:
    return redact(url)
