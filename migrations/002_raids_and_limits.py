"""002: raid mode (raids and their cohorts), per-guild rate-limit overrides, the embedded limiter's published
state, and the indexes behind the console's filters across every guild."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("guild_settings", rate_limits=pw.TextField(default="{}"))
    migrator.add_fields("bot_heartbeat", rate_limits=pw.TextField(null=True))
    migrator.add_index("mod_case", "target_id", "id")
    migrator.add_index("mod_case", "moderator_id", "id")
    migrator.add_index("audit_entry", "actor_kind", "id")

    @migrator.create_model
    class Raid(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        trigger = pw.CharField(max_length=16)
        action = pw.CharField(max_length=16)
        started_at = pw.DateTimeField()
        started_by_kind = pw.CharField(max_length=16)
        started_by_id = pw.BigIntegerField(null=True)
        reason = pw.TextField(null=True)
        joins = pw.IntegerField(default=0)
        last_join_at = pw.DateTimeField(null=True)
        ended_at = pw.DateTimeField(null=True)
        ended_by_kind = pw.CharField(max_length=16, null=True)
        ended_by_id = pw.BigIntegerField(null=True)
        end_reason = pw.TextField(null=True)
        start_seen_at = pw.DateTimeField(null=True)
        end_seen_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "raid"
            indexes = [(("guild", "id"), False), (("ended_at",), False)]

    @migrator.create_model
    class RaidMember(pw.Model):
        id = pw.AutoField()
        raid = pw.ForeignKeyField(column_name="raid_id", field="id", model=migrator.orm["raid"], on_delete="CASCADE")
        user_id = pw.BigIntegerField()
        joined_at = pw.DateTimeField()
        account_created_at = pw.DateTimeField(null=True)
        handled = pw.CharField(default="", max_length=64)
        resolution = pw.CharField(max_length=16, null=True)
        resolved_at = pw.DateTimeField(null=True)
        resolution_error = pw.TextField(null=True)

        class Meta:
            table_name = "raid_member"
            indexes = [(("raid", "user_id"), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("raid_member")
    migrator.remove_model("raid")
    migrator.drop_index("audit_entry", "actor_kind", "id")
    migrator.drop_index("mod_case", "moderator_id", "id")
    migrator.drop_index("mod_case", "target_id", "id")
    migrator.remove_fields("bot_heartbeat", "rate_limits")
    migrator.remove_fields("guild_settings", "rate_limits")
