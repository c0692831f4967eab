"""Guilds, their settings, and the users and members Aegis has seen."""

import peewee as pw

from aegis.storage.fields import JSONField, UTCDateTimeField


class BaseModel(pw.Model):
    pass


class Guild(BaseModel):
    id = pw.BigIntegerField(primary_key=True)
    name = pw.CharField(max_length=100, default="")
    last_case_number = pw.IntegerField(default=0)
    joined_at = UTCDateTimeField()
    left_at = UTCDateTimeField(null=True)

    class Meta:
        table_name = "guild"


class GuildSettings(BaseModel):
    guild = pw.ForeignKeyField(Guild, primary_key=True, on_delete="CASCADE")
    mod_log_channel_id = pw.BigIntegerField(null=True)
    mute_role_id = pw.BigIntegerField(null=True)
    dm_on_action = pw.BooleanField(default=True)
    warning_lifetime_s = pw.IntegerField(null=True)
    escalation = JSONField()
    automod = JSONField()
    exempt_role_ids = JSONField()
    exempt_channel_ids = JSONField()
    locale = pw.CharField(max_length=16, default="en-US")
    rate_limits = JSONField(default=dict)  # bucket overrides, validated by aegis.services.ratelimit.resolve_buckets
    forget_keeps_cases = pw.BooleanField(default=True)  # a member's own deletion request keeps cases against them
    retention = JSONField(default=dict)  # days to keep each kind of record, over the deployment's defaults
    logs = JSONField(default=dict)  # event-log type → the channel it is posted in
    tag_creators = pw.CharField(max_length=16, default="moderators")  # who may /tag create
    welcome_channel_id = pw.BigIntegerField(null=True)
    welcome_message = pw.TextField(null=True)
    welcome_dm = pw.BooleanField(default=False)
    goodbye_channel_id = pw.BigIntegerField(null=True)
    goodbye_message = pw.TextField(null=True)
    autoroles = JSONField(default=list)  # roles given on joining, each with its delay
    version = pw.IntegerField(default=0)
    updated_at = UTCDateTimeField()

    class Meta:
        table_name = "guild_settings"


class User(BaseModel):
    id = pw.BigIntegerField(primary_key=True)
    name = pw.CharField(max_length=100, default="")
    is_bot = pw.BooleanField(default=False)
    created_at = UTCDateTimeField()
    first_seen_at = UTCDateTimeField()

    class Meta:
        table_name = "user"


class Member(BaseModel):
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    user = pw.ForeignKeyField(User, on_delete="CASCADE")
    joined_at = UTCDateTimeField(null=True)
    left_at = UTCDateTimeField(null=True)
    reputation = pw.IntegerField(default=0)

    class Meta:
        table_name = "member"
        indexes = ((("guild", "user"), True),)
