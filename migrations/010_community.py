"""010: the community toolkit. Tags (custom_command) remember who last edited them, and each guild says who may
create one; each guild's welcome and goodbye (channel, message, DM) and its autoroles."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "guild_settings",
        tag_creators=pw.CharField(max_length=16, default="moderators"),
        welcome_channel_id=pw.BigIntegerField(null=True),
        welcome_message=pw.TextField(null=True),
        welcome_dm=pw.BooleanField(default=False),
        goodbye_channel_id=pw.BigIntegerField(null=True),
        goodbye_message=pw.TextField(null=True),
        autoroles=pw.TextField(default="[]"),
    )
    migrator.add_fields("custom_command", updated_by=pw.BigIntegerField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("custom_command", "updated_by")
    migrator.remove_fields(
        "guild_settings",
        "tag_creators",
        "welcome_channel_id",
        "welcome_message",
        "welcome_dm",
        "goodbye_channel_id",
        "goodbye_message",
        "autoroles",
    )
