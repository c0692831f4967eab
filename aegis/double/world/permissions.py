"""Discord's permission bit maths and role hierarchy, as the real API applies them."""

from __future__ import annotations

from enum import IntFlag
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aegis.double.world.models import Channel, Guild, Member


class Permission(IntFlag):
    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_AUDIT_LOG = 1 << 7
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CHANGE_NICKNAME = 1 << 26
    MANAGE_NICKNAMES = 1 << 27
    MANAGE_ROLES = 1 << 28
    MANAGE_WEBHOOKS = 1 << 29
    USE_APPLICATION_COMMANDS = 1 << 31
    MANAGE_THREADS = 1 << 34
    SEND_MESSAGES_IN_THREADS = 1 << 38
    MODERATE_MEMBERS = 1 << 40


ALL_PERMISSIONS = (1 << 51) - 1

DEFAULT_EVERYONE = (
    Permission.CREATE_INSTANT_INVITE
    | Permission.ADD_REACTIONS
    | Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.CHANGE_NICKNAME
    | Permission.USE_APPLICATION_COMMANDS
    | Permission.SEND_MESSAGES_IN_THREADS
)

# What a timed-out member keeps (Discord strips everything else until the timeout ends).
TIMED_OUT_ALLOWED = Permission.VIEW_CHANNEL | Permission.READ_MESSAGE_HISTORY


def base_permissions(guild: Guild, member: Member) -> int:
    if member.user_id == guild.owner_id:
        return ALL_PERMISSIONS
    permissions = guild.roles[guild.id].permissions
    for role_id in member.roles:
        role = guild.roles.get(role_id)
        if role is not None:
            permissions |= role.permissions
    if permissions & Permission.ADMINISTRATOR:
        return ALL_PERMISSIONS
    return permissions


def channel_permissions(guild: Guild, channel: Channel, member: Member) -> int:
    permissions = base_permissions(guild, member)
    if permissions & Permission.ADMINISTRATOR:
        return ALL_PERMISSIONS
    overwrites = channel.overwrites
    everyone = overwrites.get(guild.id)
    if everyone is not None:
        permissions = (permissions & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in member.roles:
        overwrite = overwrites.get(role_id)
        if overwrite is not None:
            allow |= overwrite.allow
            deny |= overwrite.deny
    permissions = (permissions & ~deny) | allow
    own = overwrites.get(member.user_id)
    if own is not None:
        permissions = (permissions & ~own.deny) | own.allow
    if member.is_timed_out():
        permissions &= TIMED_OUT_ALLOWED
    return permissions


def top_role_position(guild: Guild, member: Member) -> int:
    positions = [guild.roles[r].position for r in member.roles if r in guild.roles]
    return max(positions, default=0)


def outranks(guild: Guild, actor: Member, target: Member) -> bool:
    """Whether `actor` may moderate `target`: nobody outranks the owner, the owner outranks everyone."""
    if target.user_id == guild.owner_id:
        return False
    if actor.user_id == guild.owner_id:
        return True
    return top_role_position(guild, actor) > top_role_position(guild, target)


def can_manage_role(guild: Guild, actor: Member, role_position: int) -> bool:
    return actor.user_id == guild.owner_id or role_position < top_role_position(guild, actor)
