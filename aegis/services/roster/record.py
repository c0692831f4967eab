from dataclasses import dataclass
from datetime import datetime

from aegis.storage import guilds
from aegis.storage.records import members
from aegis.storage.session import database


@dataclass(frozen=True, slots=True)
class UserSeen:
    user_id: int
    name: str
    is_bot: bool
    created_at: datetime  # the account's age, from its snowflake
    joined_at: datetime | None = None  # in the guild it was seen in, when known


@dataclass(frozen=True, slots=True)
class GuildSeen:
    guild_id: int
    name: str
    members: tuple[UserSeen, ...] = ()  # the members that came with it (GUILD_CREATE), if any


def guild_seen(guild: GuildSeen) -> None:
    """READY/GUILD_CREATE/GUILD_UPDATE: the guild's name now, and the members Discord sent along with it."""
    with database().atomic():
        guilds.ensure_guild(guild.guild_id, guild.name)
        members.upsert_users([(u.user_id, u.name, u.is_bot, u.created_at) for u in guild.members])
        members.record_present(guild.guild_id, [(u.user_id, u.joined_at) for u in guild.members])


def member_joined(guild_id: int, user: UserSeen) -> None:
    with database().atomic():
        user_seen(user)
        members.record_join(guild_id, user.user_id, user.joined_at or user.created_at)


def member_left(guild_id: int, user: UserSeen) -> None:
    with database().atomic():
        user_seen(user)
        members.record_leave(guild_id, user.user_id)


def user_seen(user: UserSeen) -> None:
    """A name as it arrives (a join, a rename): the console shows the latest one."""
    members.upsert_user(user.user_id, user.name, user.is_bot, user.created_at)
