"""The schema. Models are bound to a database at start-up (storage.database.bind); none has Meta.database.

Discord ids are snowflakes (64-bit), hence BigIntegerField. A change here needs a migration in migrations/;
tests/storage/test_migrations.py fails until the two agree.
"""

from aegis.storage.models.community import CustomCommand, ReactionRole, RolePanel
from aegis.storage.models.guilds import BaseModel, Guild, GuildSettings, Member, User
from aegis.storage.models.moderation import (
    ActionSource,
    AuditEntry,
    Case,
    DiscordAuditEntry,
    OutboxAction,
    ScheduledAction,
)
from aegis.storage.models.records import (
    AutomodEvent,
    BotHeartbeat,
    DailyCounter,
    LoggedMessage,
    Raid,
    RaidMember,
    SettingsRevision,
)

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
    RolePanel,
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

__all__ = [
    "ALL_MODELS",
    "BaseModel",
    "Guild",
    "GuildSettings",
    "User",
    "Member",
    "Case",
    "AuditEntry",
    "ScheduledAction",
    "OutboxAction",
    "ActionSource",
    "DiscordAuditEntry",
    "AutomodEvent",
    "DailyCounter",
    "BotHeartbeat",
    "Raid",
    "RaidMember",
    "SettingsRevision",
    "LoggedMessage",
    "CustomCommand",
    "RolePanel",
    "ReactionRole",
]
