"""001 initial: the whole Aegis schema.

Generated from aegis/storage/models.py with peewee-migrate's auto mode, then reviewed. Migrations keep
their own frozen copies of the models, so later changes to models.py never change what this file does.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Guild(pw.Model):
        id = pw.BigIntegerField(primary_key=True)
        name = pw.CharField(default="", max_length=100)
        last_case_number = pw.IntegerField(default=0)
        joined_at = pw.DateTimeField()
        left_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "guild"

    @migrator.create_model
    class Case(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        number = pw.IntegerField()
        type = pw.CharField(max_length=16)
        target_id = pw.BigIntegerField()
        target_kind = pw.CharField(default="user", max_length=8)
        actor_kind = pw.CharField(max_length=16)
        moderator_id = pw.BigIntegerField(null=True)
        reason = pw.TextField(null=True)
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField(null=True)
        ended_at = pw.DateTimeField(null=True)
        active = pw.BooleanField(default=True)
        pardoned_at = pw.DateTimeField(null=True)
        pardoned_by = pw.BigIntegerField(null=True)
        pardon_reason = pw.TextField(null=True)
        discord_state = pw.CharField(default="pending", max_length=16)
        discord_error = pw.TextField(null=True)
        reason_edited_at = pw.DateTimeField(null=True)
        reason_edited_by = pw.BigIntegerField(null=True)
        metadata = pw.TextField()

        class Meta:
            table_name = "mod_case"
            indexes = [
                (("guild", "number"), True),
                (("guild", "target_id", "number"), False),
                (("guild", "moderator_id", "number"), False),
                (("guild", "type", "number"), False),
                (("created_at",), False),
            ]

    @migrator.create_model
    class AuditEntry(pw.Model):
        id = pw.AutoField()
        created_at = pw.DateTimeField()
        guild_id = pw.BigIntegerField(null=True)
        actor_kind = pw.CharField(max_length=16)
        actor_id = pw.BigIntegerField(null=True)
        action = pw.CharField(max_length=48)
        target_id = pw.BigIntegerField(null=True)
        reason = pw.TextField(null=True)
        metadata = pw.TextField()
        case = pw.ForeignKeyField(
            column_name="case_id", field="id", model=migrator.orm["mod_case"], null=True, on_delete="SET NULL"
        )

        class Meta:
            table_name = "audit_entry"
            indexes = [
                (("guild_id", "id"), False),
                (("target_id", "id"), False),
                (("actor_kind", "actor_id", "id"), False),
                (("action", "id"), False),
                (("created_at",), False),
            ]

    @migrator.create_model
    class AutomodEvent(pw.Model):
        id = pw.AutoField()
        created_at = pw.DateTimeField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        rule = pw.CharField(max_length=32)
        verdict = pw.CharField(max_length=16)
        action_taken = pw.CharField(max_length=64)
        reason = pw.TextField()
        matched = pw.TextField(default="")
        user_id = pw.BigIntegerField(null=True)
        channel_id = pw.BigIntegerField(null=True)
        message_id = pw.BigIntegerField(null=True)
        counts = pw.TextField()
        dry_run = pw.BooleanField(default=False)
        case = pw.ForeignKeyField(
            column_name="case_id", field="id", model=migrator.orm["mod_case"], null=True, on_delete="SET NULL"
        )

        class Meta:
            table_name = "automod_event"
            indexes = [
                (("guild", "id"), False),
                (("rule", "id"), False),
                (("user_id", "id"), False),
                (("created_at",), False),
            ]

    @migrator.create_model
    class BotHeartbeat(pw.Model):
        instance_id = pw.CharField(max_length=64, primary_key=True)
        hostname = pw.CharField(max_length=255)
        pid = pw.IntegerField()
        shard_ids = pw.TextField()
        shard_count = pw.IntegerField(null=True)
        version = pw.CharField(max_length=32)
        started_at = pw.DateTimeField()
        heartbeat_at = pw.DateTimeField()
        latency_ms = pw.FloatField(null=True)

        class Meta:
            table_name = "bot_heartbeat"

    @migrator.create_model
    class CustomCommand(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        name = pw.CharField(max_length=32)
        response = pw.TextField()
        created_by = pw.BigIntegerField()
        uses = pw.IntegerField(default=0)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "custom_command"
            indexes = [(("guild", "name"), True)]

    @migrator.create_model
    class DailyCounter(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        day = pw.DateField()
        messages = pw.IntegerField(default=0)
        joins = pw.IntegerField(default=0)
        detections = pw.IntegerField(default=0)
        actions = pw.IntegerField(default=0)

        class Meta:
            table_name = "daily_counter"
            indexes = [(("guild", "day"), True)]

    @migrator.create_model
    class GuildSettings(pw.Model):
        guild = pw.ForeignKeyField(
            column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE", primary_key=True
        )
        mod_log_channel_id = pw.BigIntegerField(null=True)
        mute_role_id = pw.BigIntegerField(null=True)
        dm_on_action = pw.BooleanField(default=True)
        warning_lifetime_s = pw.IntegerField(null=True)
        escalation = pw.TextField()
        automod = pw.TextField()
        exempt_role_ids = pw.TextField()
        exempt_channel_ids = pw.TextField()
        locale = pw.CharField(default="en-US", max_length=16)
        version = pw.IntegerField(default=0)
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "guild_settings"

    @migrator.create_model
    class User(pw.Model):
        id = pw.BigIntegerField(primary_key=True)
        name = pw.CharField(default="", max_length=100)
        is_bot = pw.BooleanField(default=False)
        created_at = pw.DateTimeField()
        first_seen_at = pw.DateTimeField()

        class Meta:
            table_name = "user"

    @migrator.create_model
    class Member(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=migrator.orm["user"], on_delete="CASCADE")
        joined_at = pw.DateTimeField(null=True)
        left_at = pw.DateTimeField(null=True)
        reputation = pw.IntegerField(default=0)

        class Meta:
            table_name = "member"
            indexes = [(("guild", "user"), True)]

    @migrator.create_model
    class ReactionRole(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        channel_id = pw.BigIntegerField()
        message_id = pw.BigIntegerField()
        emoji = pw.CharField(max_length=64)
        role_id = pw.BigIntegerField()

        class Meta:
            table_name = "reaction_role"
            indexes = [(("message_id", "emoji"), True)]

    @migrator.create_model
    class ScheduledAction(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        kind = pw.CharField(max_length=16)
        due_at = pw.DateTimeField()
        target_id = pw.BigIntegerField(null=True)
        case = pw.ForeignKeyField(
            column_name="case_id", field="id", model=migrator.orm["mod_case"], null=True, on_delete="SET NULL"
        )
        payload = pw.TextField()
        state = pw.CharField(default="pending", max_length=16)
        attempts = pw.IntegerField(default=0)
        last_error = pw.TextField(null=True)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "scheduled_action"
            indexes = [(("state", "due_at"), False), (("guild", "target_id", "state"), False), (("updated_at",), False)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("scheduled_action")

    migrator.remove_model("reaction_role")

    migrator.remove_model("member")

    migrator.remove_model("user")

    migrator.remove_model("guild_settings")

    migrator.remove_model("daily_counter")

    migrator.remove_model("custom_command")

    migrator.remove_model("bot_heartbeat")

    migrator.remove_model("automod_event")

    migrator.remove_model("audit_entry")

    migrator.remove_model("mod_case")

    migrator.remove_model("guild")
