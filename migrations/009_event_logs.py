"""009: event logs: each guild's log channels per event type, and what a delete or edit log needs of a message
(its content encrypted, kept only for the guild's retention)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("guild_settings", logs=pw.TextField(default="{}"))

    @migrator.create_model
    class LoggedMessage(pw.Model):
        id = pw.BigIntegerField(primary_key=True)
        guild_id = pw.BigIntegerField()
        channel_id = pw.BigIntegerField()
        author_id = pw.BigIntegerField(index=True)
        reply_to_id = pw.BigIntegerField(null=True)
        created_at = pw.DateTimeField()
        sealed = pw.TextField()

        class Meta:
            table_name = "logged_message"
            indexes = ((("guild_id", "created_at"), False),)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("logged_message")
    migrator.remove_fields("guild_settings", "logs")
