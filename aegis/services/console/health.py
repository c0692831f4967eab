"""The Health screen's checks that need the database: reachable, migrated, and which bots beat lately."""

from datetime import timedelta

import peewee as pw

from aegis.domain.records import BotHeartbeat
from aegis.storage import console, migrations
from aegis.storage.migrations import MigrationStatus

__all__ = ["MigrationStatus", "bots", "migration_status", "ping"]


def ping() -> None:
    console.ping()


def migration_status(db: pw.Database) -> MigrationStatus:
    return migrations.status(db)


def bots(within: timedelta = timedelta(hours=1)) -> list[BotHeartbeat]:
    return console.heartbeats(within)
