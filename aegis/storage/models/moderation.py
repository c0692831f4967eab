"""The record of moderation: cases, the audit log, scheduled actions, the action journal, Discord's own actions."""

import peewee as pw

from aegis.storage.fields import JSONField, UTCDateTimeField
from aegis.storage.models.guilds import BaseModel, Guild


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
