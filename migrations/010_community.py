"""010: the community toolkit. Tags (custom_command) remember who last edited them, and each guild says who may
create one; each guild's welcome and goodbye (channel, message, DM) and its autoroles; role panels, whose roles are
the rows of reaction_role. reaction_role had no writer before this, so it is made anew in its panel shape (and the
rollback makes the old, empty shape again)."""

import peewee as pw
from peewee_migrate import Migrator

SETTINGS = (
    "tag_creators",
    "welcome_channel_id",
    "welcome_message",
    "welcome_dm",
    "goodbye_channel_id",
    "goodbye_message",
    "autoroles",
)


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
    migrator.remove_model("reaction_role")

    @migrator.create_model
    class RolePanel(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        channel_id = pw.BigIntegerField()
        message_id = pw.BigIntegerField(null=True)
        title = pw.CharField(max_length=200)
        mode = pw.CharField(max_length=16, default="normal")
        style = pw.CharField(max_length=16, default="buttons")
        created_by = pw.BigIntegerField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "role_panel"
            indexes = [(("guild", "id"), False)]

    @migrator.create_model
    class ReactionRole(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        panel = pw.ForeignKeyField(column_name="panel_id", field="id", model=RolePanel, null=True, on_delete="CASCADE")
        channel_id = pw.BigIntegerField()
        message_id = pw.BigIntegerField()
        emoji = pw.CharField(max_length=64)
        label = pw.CharField(max_length=80, default="")
        role_id = pw.BigIntegerField()

        class Meta:
            table_name = "reaction_role"
            indexes = [(("panel", "role_id"), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("reaction_role")
    migrator.remove_model("role_panel")

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

    migrator.remove_fields("custom_command", "updated_by")
    migrator.remove_fields("guild_settings", *SETTINGS)
