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
    """Every bot that beat within the hour, stopped ones included; older rows age out of the screen."""
    return console.heartbeats(within)


def running(within: timedelta) -> list[BotHeartbeat]:
    return [bot for bot in console.heartbeats(within) if bot.stopped_at is None]
