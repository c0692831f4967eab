"""discord.py objects → the plain snapshots the services' checks read."""

import discord

from aegis.services.moderation.checks import Person, RoleSnapshot


def person(member: discord.Member | discord.User | None) -> Person | None:
    if not isinstance(member, discord.Member):
        return None
    top = member.top_role
    return Person(
        id=member.id,
        mention=f"@{member.display_name}",
        top_role_position=top.position,
        top_role_name=f"@{top.name}" if not top.is_default() else "@everyone",
        permissions=frozenset(name for name, allowed in member.guild_permissions if allowed),
        is_owner=member.guild.owner_id == member.id,
    )


def role_snapshot(role: discord.Role) -> RoleSnapshot:
    return RoleSnapshot(role.id, role.name, role.position, managed=role.managed, is_default=role.is_default())
