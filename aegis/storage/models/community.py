"""Tags and self-assigned role panels."""

import peewee as pw

from aegis.storage.fields import UTCDateTimeField
from aegis.storage.models.guilds import BaseModel, Guild


class CustomCommand(BaseModel):
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    name = pw.CharField(max_length=32)
    response = pw.TextField()
    created_by = pw.BigIntegerField()
    updated_by = pw.BigIntegerField(null=True)
    uses = pw.IntegerField(default=0)
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    class Meta:
        table_name = "custom_command"
        indexes = ((("guild", "name"), True),)


class RolePanel(BaseModel):
    """A message of buttons members press to take or drop roles (/roles panel)."""

    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    channel_id = pw.BigIntegerField()
    message_id = pw.BigIntegerField(null=True)  # None until the panel is posted
    title = pw.CharField(max_length=200)
    mode = pw.CharField(max_length=16, default="normal")
    style = pw.CharField(max_length=16, default="buttons")  # or "menu": one select menu of the roles
    created_by = pw.BigIntegerField(null=True)
    created_at = UTCDateTimeField()

    class Meta:
        table_name = "role_panel"
        indexes = ((("guild", "id"), False),)


class ReactionRole(BaseModel):
    """One role of a panel: its button's emoji and label."""

    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    panel = pw.ForeignKeyField(RolePanel, null=True, on_delete="CASCADE")
    channel_id = pw.BigIntegerField()
    message_id = pw.BigIntegerField()
    emoji = pw.CharField(max_length=64)
    label = pw.CharField(max_length=80, default="")
    role_id = pw.BigIntegerField()

    class Meta:
        table_name = "reaction_role"
        indexes = ((("panel", "role_id"), True),)
