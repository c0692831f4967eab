"""peewee-migrate over the top-level migrations/ folder: apply, inspect and roll back."""

import logging
from dataclasses import dataclass
from pathlib import Path

import peewee as pw
from peewee_migrate import Router

from aegis.errors import AegisError
from aegis.resources import project_file

MIGRATE_TABLE = "migratehistory"


class MigrationError(AegisError):
    pass


def migrations_dir() -> Path:
    return project_file("migrations")


@dataclass(frozen=True)
class MigrationStatus:
    applied: tuple[str, ...]
    pending: tuple[str, ...]
    unknown: tuple[str, ...]  # recorded in the database but not in this Aegis: the database is newer

    @property
    def clean(self) -> bool:
        return not self.pending and not self.unknown


def _router(db: pw.Database) -> Router:
    quiet = logging.getLogger("aegis.migrations")
    quiet.addHandler(logging.NullHandler())  # the CLI says what happened in its own words
    return Router(db, migrate_dir=migrations_dir(), migrate_table=MIGRATE_TABLE, logger=quiet)


def known(db: pw.Database) -> list[str]:
    """Every migration this Aegis carries, oldest first."""
    return list(_router(db).todo)


def ensure_history(db: pw.Database) -> None:
    """Create the table that records applied migrations, if the database has none yet."""
    _router(db).model  # noqa: B018 - the property creates the table


def status(db: pw.Database) -> MigrationStatus:
    router = _router(db)
    known = router.todo
    done = router.done
    return MigrationStatus(
        applied=tuple(name for name in done if name in known),
        pending=tuple(name for name in known if name not in done),
        unknown=tuple(name for name in done if name not in known),
    )


def apply(db: pw.Database, target: str | None = None) -> list[str]:
    """Apply pending migrations, all of them or up to and including `target`."""
    current = status(db)
    if current.unknown:
        raise MigrationError(
            "the database has migrations this Aegis does not know "
            f"({', '.join(current.unknown)}); it was written by a newer Aegis. Upgrade Aegis before migrating."
        )
    return _router(db).run(target)


def rollback(db: pw.Database, steps: int = 1) -> list[str]:
    if steps < 1:
        raise MigrationError(f"--steps must be 1 or more, got {steps}")
    router = _router(db)
    done = router.done
    if steps > len(done):
        raise MigrationError(f"only {len(done)} migration(s) are applied; cannot roll back {steps}")
    rolled = []
    for _ in range(steps):
        rolled.append(router.done[-1])
        router.rollback()
    return rolled
