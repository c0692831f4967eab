"""005: a bot that stops cleanly says so in its heartbeat row, so the console shows it stopped, not silent."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("bot_heartbeat", stopped_at=pw.DateTimeField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("bot_heartbeat", "stopped_at")
