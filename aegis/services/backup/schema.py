"""Which tables an archive holds, in which order, and the schema level (migrations) they are at."""

from graphlib import CycleError, TopologicalSorter

import peewee as pw

from aegis.services.backup.archive import BackupError
from aegis.storage import migrations
from aegis.storage.database import DatabaseUnavailable, open_database, redact_url
from aegis.storage.models import ALL_MODELS

HISTORY = migrations.MIGRATE_TABLE
AEGIS_TABLES = (HISTORY, *(model._meta.table_name for model in ALL_MODELS))


def open_unbound(url: str) -> pw.Database:
    """The database, connected but not bound to the models: database.connect() would rebind them, which
    would pull the models out from under a bot that takes its scheduled backups in the same process."""
    db = open_database(url)
    try:
        db.connect()
    except pw.OperationalError as exc:
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DatabaseUnavailable(f"cannot reach the database at {redact_url(url)}: {detail}") from exc
    return db


def present_tables(db: pw.Database) -> list[str]:
    """The Aegis tables this database has, the migration history first, then parents before children."""
    existing = set(db.get_tables())
    tables = [t for t in AEGIS_TABLES if t in existing]
    graph = {t: {fk.dest_table for fk in db.get_foreign_keys(t)} & set(tables) - {t} for t in tables}
    try:
        ordered = list(TopologicalSorter(graph).static_order())
    except CycleError:
        ordered = tables
    return sorted(ordered, key=lambda t: (t != HISTORY, ordered.index(t)))


def columns_of(db: pw.Database, table: str) -> list[str]:
    return [column.name for column in db.get_columns(table)]


def has_rows(db: pw.Database, tables: list[str]) -> bool:
    return any(db.execute_sql(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables if t != HISTORY)


def known_migrations(db: pw.Database) -> list[str]:
    return migrations.known(db)


def check_schema_level(archived: tuple[str, ...], known: list[str], archive_name: str) -> None:
    """An archive restores only at a schema level this Aegis can build: a prefix of its own migrations."""
    if list(archived) != known[: len(archived)]:
        unknown = [name for name in archived if name not in known] or list(archived)
        raise BackupError(
            f"{archive_name} comes from a newer Aegis schema: it has migrations this Aegis does not know "
            f"({', '.join(unknown)}). Restore it with the Aegis version that wrote it, or a newer one."
        )


def migrate_to(db: pw.Database, archived: tuple[str, ...]) -> None:
    """Build the schema exactly as the archive's last migration left it (inside the caller's transaction)."""
    migrations.ensure_history(db)
    if archived:
        migrations.apply(db, target=archived[-1])
