"""The double's state, as plain records. Serialising them to Discord JSON lives in payloads.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aegis.double.world.snowflakes import snowflake_time, utcnow


class ChannelType:
    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    GUILD_CATEGORY = 4


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None
    accepts_dms: bool = True  # False: Discord answers 50007 to a bot opening/sending a DM

    @property
    def created_at(self) -> datetime:
        return snowflake_time(self.id)

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int
    position: int
    color: int = 0
    hoist: bool = False
    managed: bool = False
    mentionable: bool = False

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


@dataclass
class Overwrite:
    id: int
    type: int  # 0 role, 1 member
    allow: int = 0
    deny: int = 0


@dataclass
class Channel:
    id: int
    type: int
    guild_id: int | None
    name: str | None = None
    position: int = 0
    topic: str | None = None
    rate_limit_per_user: int = 0
    nsfw: bool = False
    parent_id: int | None = None
    overwrites: dict[int, Overwrite] = field(default_factory=dict)
    recipient_ids: list[int] = field(default_factory=list)
    last_message_id: int | None = None

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"


@dataclass
class Member:
    guild_id: int
    user_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: datetime = field(default_factory=utcnow)
    communication_disabled_until: datetime | None = None

    @property
    def id(self) -> int:
        return self.user_id

    def is_timed_out(self) -> bool:
        until = self.communication_disabled_until
        return until is not None and until > utcnow()


@dataclass
class Ban:
    user_id: int
    reason: str | None


@dataclass
class Message:
    id: int
    channel_id: int
    guild_id: int | None
    author_id: int
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    mention_ids: list[int] = field(default_factory=list)
    mention_role_ids: list[int] = field(default_factory=list)
    mention_everyone: bool = False
    allowed_mentions: dict[str, Any] | None = None  # as the sender gave it, for tests to inspect
    flags: int = 0
    type: int = 0
    tts: bool = False
    pinned: bool = False
    edited_at: datetime | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    message_reference: dict[str, Any] | None = None
    reactions: dict[str, list[int]] = field(default_factory=dict)  # emoji name -> user ids

    @property
    def created_at(self) -> datetime:
        return snowflake_time(self.id)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & 64)


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    members: dict[int, Member] = field(default_factory=dict)
    bans: dict[int, Ban] = field(default_factory=dict)
    audit_log: list[dict[str, Any]] = field(default_factory=list)  # entries as the API gives them, oldest first

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]


@dataclass
class ApplicationCommand:
    id: int
    application_id: int
    guild_id: int | None
    data: dict[str, Any]  # name, description, options, type... as the bot registered them

    @property
    def name(self) -> str:
        return self.data["name"]


@dataclass
class Application:
    id: int
    name: str
    bot_user_id: int
    token: str
    flags: int = 0
    # Privileged intents Discord lets this bot use (as the developer portal toggles do).
    privileged_intents: int = (1 << 1) | (1 << 8) | (1 << 15)
    global_commands: dict[str, ApplicationCommand] = field(default_factory=dict)
    guild_commands: dict[int, dict[str, ApplicationCommand]] = field(default_factory=dict)


def id_of(thing: Any) -> int:
    """Driving methods accept records or raw ids alike."""
    return thing if isinstance(thing, int) else thing.id
