"""The database the models are bound to, and running storage work on it so that an outage is one clear error."""

from collections.abc import Callable
from typing import Any, TypeVar

import peewee as pw

from aegis.storage import models
from aegis.storage.database import DatabaseUnavailable, first_line

T = TypeVar("T")


def database() -> pw.Database:
    """The database the models are bound to (storage.database.bind at start-up)."""
    db = models.Guild._meta.database
    if db is None:
        raise RuntimeError("storage is not bound to a database; call aegis.storage.database.connect first")
    return db


def run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)` on this thread's connection. When the database cannot be reached, or the connection
    went away inside a transaction (which the server then rolled back), DatabaseUnavailable; the connection is
    let go, so the next call opens a new one once the database is back."""
    try:
        return fn(*args, **kwargs)
    except (pw.OperationalError, pw.InterfaceError) as exc:
        db = database()
        lost = getattr(db, "connection_lost", None)
        if lost is None or not lost(exc):
            raise
        let_go(db)
        raise DatabaseUnavailable(f"the database is unreachable: {first_line(exc)}") from exc


def let_go(db: pw.Database) -> None:
    try:
        db.close()
    except pw.PeeweeException:
        db._state.reset()  # a transaction still marked open on a dead connection: forget it, it is gone
