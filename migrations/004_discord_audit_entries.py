"""004: the Discord audit-log entries Aegis has recorded, keyed by Discord's entry id, so that a replayed
GUILD_AUDIT_LOG_ENTRY_CREATE makes no second case."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class DiscordAuditEntry(pw.Model):
        id = pw.BigIntegerField(primary_key=True)
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        action_type = pw.IntegerField()
        case = pw.ForeignKeyField(
            column_name="case_id", field="id", model=migrator.orm["mod_case"], null=True, on_delete="SET NULL"
        )
        seen_at = pw.DateTimeField()

        class Meta:
            table_name = "discord_audit_entry"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("discord_audit_entry")
