"""010: the community toolkit. Tags (custom_command) remember who last edited them, and each guild says who may
create one."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("guild_settings", tag_creators=pw.CharField(max_length=16, default="moderators"))
    migrator.add_fields("custom_command", updated_by=pw.BigIntegerField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("custom_command", "updated_by")
    migrator.remove_fields("guild_settings", "tag_creators")
