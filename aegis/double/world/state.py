"""In-memory Discord: guilds, roles, channels, members, bans, messages, DMs, applications.

Lookups raise the DiscordError the real API answers with, so REST handlers can stay linear.
Nothing here dispatches gateway events; actions.py does that around these mutations.
"""

from __future__ import annotations

from datetime import datetime

from aegis.double.rest import errors
from aegis.double.world.models import (
    Application,
    Ban,
    Channel,
    ChannelType,
    Guild,
    Member,
    Message,
    Overwrite,
    Role,
    User,
)
from aegis.double.world.permissions import DEFAULT_EVERYONE
from aegis.double.world.snowflakes import SnowflakeFactory


class DoubleState:
    def __init__(self) -> None:
        self.ids = SnowflakeFactory()
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, dict[int, Message]] = {}  # channel id -> id -> message, in id order
        self.applications: dict[int, Application] = {}
        self.applications_by_token: dict[str, Application] = {}
        self._dm_channels: dict[frozenset[int], int] = {}
        self.attachment_bytes: dict[int, bytes] = {}  # attachment id -> the file, served at its url

    # ---- lookups ------------------------------------------------------------------------------

    def user(self, user_id: int) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise errors.unknown("user") from None

    def guild(self, guild_id: int) -> Guild:
        try:
            return self.guilds[guild_id]
        except KeyError:
            raise errors.unknown("guild") from None

    def channel(self, channel_id: int) -> Channel:
        try:
            return self.channels[channel_id]
        except KeyError:
            raise errors.unknown("channel") from None

    def member(self, guild: Guild, user_id: int) -> Member:
        try:
            return guild.members[user_id]
        except KeyError:
            raise errors.unknown("member") from None

    def role(self, guild: Guild, role_id: int) -> Role:
        try:
            return guild.roles[role_id]
        except KeyError:
            raise errors.unknown("role") from None

    def message(self, channel_id: int, message_id: int) -> Message:
        try:
            return self.messages[channel_id][message_id]
        except KeyError:
            raise errors.unknown("message") from None

    def ban(self, guild: Guild, user_id: int) -> Ban:
        try:
            return guild.bans[user_id]
        except KeyError:
            raise errors.unknown("ban") from None

    def application_for_token(self, token: str) -> Application | None:
        return self.applications_by_token.get(token)

    def guild_channels(self, guild: Guild) -> list[Channel]:
        return [self.channels[c] for c in guild.channel_ids]

    def channel_messages(self, channel_id: int) -> list[Message]:
        return list(self.messages.get(channel_id, {}).values())

    def guilds_of(self, user_id: int) -> list[Guild]:
        return [g for g in self.guilds.values() if user_id in g.members]

    # ---- seeding ------------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        *,
        bot: bool = False,
        accepts_dms: bool = True,
        created_at: datetime | None = None,
        user_id: int | None = None,
        global_name: str | None = None,
    ) -> User:
        user = User(user_id or self.ids.next(created_at), username, bot, global_name, accepts_dms)
        self.users[user.id] = user
        return user

    def add_application(self, bot_user: User, token: str, *, name: str, privileged_intents: int | None) -> Application:
        application = Application(self.ids.next(), name, bot_user.id, token)
        if privileged_intents is not None:
            application.privileged_intents = privileged_intents
        self.applications[application.id] = application
        self.applications_by_token[token] = application
        return application

    def add_guild(self, name: str, owner: User) -> Guild:
        guild = Guild(self.ids.next(), name, owner.id)
        guild.roles[guild.id] = Role(guild.id, guild.id, "@everyone", int(DEFAULT_EVERYONE), 0)
        self.guilds[guild.id] = guild
        self.add_member(guild, owner)
        return guild

    def add_role(self, guild: Guild, name: str, permissions: int, position: int | None = None, **extra) -> Role:
        if position is None:
            position = max(r.position for r in guild.roles.values()) + 1
        role = Role(self.ids.next(), guild.id, name, int(permissions), position, **extra)
        guild.roles[role.id] = role
        return role

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        channel_type: int = ChannelType.GUILD_TEXT,
        overwrites: list[Overwrite] = (),
        rate_limit_per_user: int = 0,
        topic: str | None = None,
        parent_id: int | None = None,
    ) -> Channel:
        channel = Channel(
            self.ids.next(),
            channel_type,
            guild.id,
            name,
            position=len(guild.channel_ids),
            topic=topic,
            rate_limit_per_user=rate_limit_per_user,
            parent_id=parent_id,
            overwrites={o.id: o for o in overwrites},
        )
        self.channels[channel.id] = channel
        self.messages[channel.id] = {}
        guild.channel_ids.append(channel.id)
        return channel

    def add_member(
        self,
        guild: Guild,
        user: User,
        roles: list[Role] = (),
        *,
        nick: str | None = None,
        joined_at: datetime | None = None,
    ) -> Member:
        member = Member(guild.id, user.id, [r.id for r in roles], nick)
        if joined_at is not None:
            member.joined_at = joined_at
        guild.members[user.id] = member
        return member

    def dm_channel(self, first: User, second: User) -> Channel:
        key = frozenset((first.id, second.id))
        channel_id = self._dm_channels.get(key)
        if channel_id is None:
            channel = Channel(self.ids.next(), ChannelType.DM, None, recipient_ids=sorted(key))
            self.channels[channel.id] = channel
            self.messages[channel.id] = {}
            self._dm_channels[key] = channel_id = channel.id
        return self.channels[channel_id]

    def store_message(self, message: Message) -> None:
        bucket = self.messages.setdefault(message.channel_id, {})
        bucket[message.id] = message
        channel = self.channels[message.channel_id]
        if channel.last_message_id is None or message.id > channel.last_message_id:
            channel.last_message_id = message.id
