"""Automod detections, daily counters, bot heartbeats, raids, settings history and logged messages."""

import peewee as pw

from aegis.storage.fields import JSONField, UTCDateTimeField
from aegis.storage.models.guilds import BaseModel, Guild
from aegis.storage.models.moderation import Case


class AutomodEvent(BaseModel):
    created_at = UTCDateTimeField()
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    rule = pw.CharField(max_length=32)
    verdict = pw.CharField(max_length=16)
    action_taken = pw.CharField(max_length=64)
    reason = pw.TextField()
    matched = pw.TextField(default="")
    user_id = pw.BigIntegerField(null=True)
    channel_id = pw.BigIntegerField(null=True)
    message_id = pw.BigIntegerField(null=True)
    counts = JSONField()
    dry_run = pw.BooleanField(default=False)
    case = pw.ForeignKeyField(Case, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "automod_event"
        indexes = (
            (("guild", "id"), False),
            (("rule", "id"), False),
            (("user_id", "id"), False),
            (("created_at",), False),
        )


class DailyCounter(BaseModel):
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    day = pw.DateField()
    messages = pw.IntegerField(default=0)
    joins = pw.IntegerField(default=0)
    leaves = pw.IntegerField(default=0)
    detections = pw.IntegerField(default=0)
    actions = pw.IntegerField(default=0)

    class Meta:
        table_name = "daily_counter"
        indexes = ((("guild", "day"), True),)


class BotHeartbeat(BaseModel):
    instance_id = pw.CharField(max_length=64, primary_key=True)
    hostname = pw.CharField(max_length=255)
    pid = pw.IntegerField()
    shard_ids = JSONField()
    shard_count = pw.IntegerField(null=True)
    version = pw.CharField(max_length=32)
    started_at = UTCDateTimeField()
    heartbeat_at = UTCDateTimeField()
    latency_ms = pw.FloatField(null=True)
    # The embedded limiter's busiest buckets (published when there is no Redis for the console to read) and the
    # bot's count of Discord's invalid-request answers: what the console's rate-limit and health views show.
    rate_limits = JSONField(null=True)
    stopped_at = UTCDateTimeField(null=True)  # set by a clean shutdown; a crash leaves it empty

    class Meta:
        table_name = "bot_heartbeat"


class Raid(BaseModel):
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    trigger = pw.CharField(max_length=16)
    action = pw.CharField(max_length=16)
    started_at = UTCDateTimeField()
    started_by_kind = pw.CharField(max_length=16)
    started_by_id = pw.BigIntegerField(null=True)
    reason = pw.TextField(null=True)
    joins = pw.IntegerField(default=0)
    last_join_at = UTCDateTimeField(null=True)
    ended_at = UTCDateTimeField(null=True)
    ended_by_kind = pw.CharField(max_length=16, null=True)
    ended_by_id = pw.BigIntegerField(null=True)
    end_reason = pw.TextField(null=True)
    start_seen_at = UTCDateTimeField(null=True)
    end_seen_at = UTCDateTimeField(null=True)

    class Meta:
        table_name = "raid"
        indexes = ((("guild", "id"), False), (("ended_at",), False))


class RaidMember(BaseModel):
    raid = pw.ForeignKeyField(Raid, on_delete="CASCADE")
    user_id = pw.BigIntegerField()
    joined_at = UTCDateTimeField()
    account_created_at = UTCDateTimeField(null=True)
    handled = pw.CharField(max_length=64, default="")
    resolution = pw.CharField(max_length=16, null=True)
    resolved_at = UTCDateTimeField(null=True)
    resolution_error = pw.TextField(null=True)

    class Meta:
        table_name = "raid_member"
        indexes = ((("raid", "user_id"), True),)


class SettingsRevision(BaseModel):
    """Every saved version of a guild's settings, whole: what `aegis config history|diff|rollback` read."""

    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    version = pw.IntegerField()
    settings = JSONField()
    action = pw.CharField(max_length=48)
    actor_kind = pw.CharField(max_length=16)
    actor_id = pw.BigIntegerField(null=True)
    created_at = UTCDateTimeField()

    class Meta:
        table_name = "settings_revision"
        indexes = ((("guild", "version"), True),)


class LoggedMessage(BaseModel):
    """What a delete or edit log needs of a message, kept only as long as the guild's message_content_hours.
    `sealed` holds the content, the attachments' metadata and the author's name, encrypted (Fernet)."""

    id = pw.BigIntegerField(primary_key=True)  # the message's own id
    guild_id = pw.BigIntegerField()
    channel_id = pw.BigIntegerField()
    author_id = pw.BigIntegerField(index=True)
    reply_to_id = pw.BigIntegerField(null=True)
    created_at = UTCDateTimeField()
    sealed = pw.TextField()

    class Meta:
        table_name = "logged_message"
        indexes = ((("guild_id", "created_at"), False),)
