"""The schema. Models are bound to a database at start-up (storage.database.bind); none has Meta.database.

Discord ids are snowflakes (64-bit), hence BigIntegerField. A change here needs a migration in migrations/;
tests/storage/test_migrations.py fails until the two agree.
"""

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


class Case(BaseModel):
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    number = pw.IntegerField()
    type = pw.CharField(max_length=16)
    target_id = pw.BigIntegerField()
    target_kind = pw.CharField(max_length=8, default="user")
    actor_kind = pw.CharField(max_length=16)
    moderator_id = pw.BigIntegerField(null=True)
    reason = pw.TextField(null=True)
    created_at = UTCDateTimeField()
    expires_at = UTCDateTimeField(null=True)
    ended_at = UTCDateTimeField(null=True)
    active = pw.BooleanField(default=True)
    pardoned_at = UTCDateTimeField(null=True)
    pardoned_by = pw.BigIntegerField(null=True)
    pardon_reason = pw.TextField(null=True)
    discord_state = pw.CharField(max_length=16, default="pending")
    discord_error = pw.TextField(null=True)
    reason_edited_at = UTCDateTimeField(null=True)
    reason_edited_by = pw.BigIntegerField(null=True)
    metadata = JSONField()
    end_reason = pw.TextField(null=True)  # what ended it: expired, lifted by /unban, replaced by case #n

    class Meta:
        table_name = "mod_case"  # "case" is an SQL keyword
        indexes = (
            (("guild", "number"), True),
            (("guild", "target_id", "number"), False),
            (("guild", "moderator_id", "number"), False),
            (("guild", "type", "number"), False),
            (("created_at",), False),
            # The console's filters across every guild walk id descending.
            (("target_id", "id"), False),
            (("moderator_id", "id"), False),
        )


class AuditEntry(BaseModel):
    created_at = UTCDateTimeField()
    guild_id = pw.BigIntegerField(null=True)  # not a foreign key: the trail outlives a guild that is removed
    actor_kind = pw.CharField(max_length=16)
    actor_id = pw.BigIntegerField(null=True)
    action = pw.CharField(max_length=48)
    target_id = pw.BigIntegerField(null=True)
    reason = pw.TextField(null=True)
    metadata = JSONField()
    case = pw.ForeignKeyField(Case, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "audit_entry"
        # Keyset pagination walks id descending; each filter the console offers has its own (filter, id) index.
        indexes = (
            (("guild_id", "id"), False),
            (("target_id", "id"), False),
            (("actor_kind", "actor_id", "id"), False),
            (("actor_kind", "id"), False),
            (("action", "id"), False),
            (("created_at",), False),
        )


class ScheduledAction(BaseModel):
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    kind = pw.CharField(max_length=16)
    due_at = UTCDateTimeField()
    target_id = pw.BigIntegerField(null=True)
    case = pw.ForeignKeyField(Case, null=True, on_delete="SET NULL")
    payload = JSONField()
    state = pw.CharField(max_length=16, default="pending")
    attempts = pw.IntegerField(default=0)
    last_error = pw.TextField(null=True)
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()
    owner = pw.CharField(max_length=128, null=True)  # the process running it (a lease), while running
    lease_until = UTCDateTimeField(null=True)

    class Meta:
        table_name = "scheduled_action"
        indexes = (
            (("state", "due_at"), False),
            (("guild", "target_id", "state"), False),
            (("updated_at",), False),  # the bot watches for rows the console or another process changed
        )


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


class CustomCommand(BaseModel):
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    name = pw.CharField(max_length=32)
    response = pw.TextField()
    created_by = pw.BigIntegerField()
    uses = pw.IntegerField(default=0)
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    class Meta:
        table_name = "custom_command"
        indexes = ((("guild", "name"), True),)


class ReactionRole(BaseModel):
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    channel_id = pw.BigIntegerField()
    message_id = pw.BigIntegerField()
    emoji = pw.CharField(max_length=64)
    role_id = pw.BigIntegerField()

    class Meta:
        table_name = "reaction_role"
        indexes = ((("message_id", "emoji"), True),)


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


class OutboxAction(BaseModel):
    """The Discord effect a case asks for, written with the case before any Discord call and settled after."""

    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    case = pw.ForeignKeyField(Case, null=True, on_delete="CASCADE")
    steps = JSONField()  # [{"call", "args", "state", "error"}], in order
    state = pw.CharField(max_length=16)
    error = pw.TextField(null=True)
    undo = JSONField()  # what the journal changed that a refused action gives back (expiries, ended cases)
    owner = pw.CharField(max_length=128)
    lease_until = UTCDateTimeField()
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    class Meta:
        table_name = "outbox_action"
        indexes = ((("state", "lease_until"), False), (("case",), False))


class ActionSource(BaseModel):
    """The event that asked for an action (interaction or message id): unique, so a replay acts on nothing."""

    source_id = pw.BigIntegerField(unique=True)
    case = pw.ForeignKeyField(Case, null=True, on_delete="CASCADE")
    created_at = UTCDateTimeField()

    class Meta:
        table_name = "action_source"


class DiscordAuditEntry(BaseModel):
    """An entry of a guild's Discord audit log that Aegis has taken in (its id is Discord's): a replayed event
    finds it here and records nothing twice."""

    id = pw.BigIntegerField(primary_key=True)
    guild = pw.ForeignKeyField(Guild, on_delete="CASCADE")
    action_type = pw.IntegerField()
    case = pw.ForeignKeyField(Case, null=True, on_delete="SET NULL")
    seen_at = UTCDateTimeField()

    class Meta:
        table_name = "discord_audit_entry"


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


ALL_MODELS = (
    Guild,
    GuildSettings,
    User,
    Member,
    Case,
    AuditEntry,
    ScheduledAction,
    AutomodEvent,
    CustomCommand,
    ReactionRole,
    DailyCounter,
    BotHeartbeat,
    Raid,
    RaidMember,
    SettingsRevision,
    OutboxAction,
    ActionSource,
    DiscordAuditEntry,
    LoggedMessage,
)
