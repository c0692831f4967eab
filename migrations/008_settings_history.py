"""008: every saved version of a guild's settings (config history, diff, rollback), the guild's policy for a
member's own deletion request, its retention per kind of record, and members leaving in the daily counters. Existing settings become each guild's
first revision."""

import json

import peewee as pw
from peewee_migrate import Migrator

COLUMNS = (
    "mod_log_channel_id",
    "mute_role_id",
    "dm_on_action",
    "warning_lifetime_s",
    "escalation",
    "automod",
    "exempt_role_ids",
    "exempt_channel_ids",
    "locale",
    "rate_limits",
)
JSON_COLUMNS = {"escalation", "automod", "exempt_role_ids", "exempt_channel_ids", "rate_limits"}


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("daily_counter", leaves=pw.IntegerField(default=0))
    migrator.add_fields(
        "guild_settings", forget_keeps_cases=pw.BooleanField(default=True), retention=pw.TextField(default="{}")
    )

    @migrator.create_model
    class SettingsRevision(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        version = pw.IntegerField()
        settings = pw.TextField()
        action = pw.CharField(max_length=48)
        actor_kind = pw.CharField(max_length=16)
        actor_id = pw.BigIntegerField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "settings_revision"
            indexes = [(("guild", "version"), True)]

    migrator.run(_baseline, database)


def _baseline(database: pw.Database) -> None:
    """Each guild's settings as they stand become its first revision, so history starts from what is there."""
    rows = database.execute_sql(f"SELECT guild_id, version, updated_at, {', '.join(COLUMNS)} FROM guild_settings")
    for guild_id, version, updated_at, *values in rows.fetchall():
        settings = {}
        for name, value in zip(COLUMNS, values, strict=True):
            settings[name] = json.loads(value) if name in JSON_COLUMNS and isinstance(value, str) else value
        settings["dm_on_action"] = bool(settings["dm_on_action"])
        settings["forget_keeps_cases"] = True
        settings["retention"] = {}
        database.execute_sql(
            "INSERT INTO settings_revision (guild_id, version, settings, action, actor_kind, actor_id, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)".replace("%s", database.param),
            (guild_id, version, json.dumps(settings), "settings.baseline", "system", None, updated_at),
        )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("settings_revision")
    migrator.remove_fields("guild_settings", "forget_keeps_cases", "retention")
    migrator.remove_fields("daily_counter", "leaves")
