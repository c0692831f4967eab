"""/userinfo, /serverinfo, /avatar, /roleinfo: what Discord knows, read into cards; a moderator also sees the
member's cases."""

import discord
from discord import app_commands

from aegis.bot.commands.common import member_of, moderator
from aegis.bot.replies import answer
from aegis.domain.community import MemberCard, RoleCard, ServerCard
from aegis.services.community.info import member_record
from aegis.services.wording.community import info as words


def member_card(user: discord.abc.User, member: discord.Member | None) -> MemberCard:
    return MemberCard(
        id=user.id,
        username=user.name,
        display_name=(member or user).display_name,
        created_at=user.created_at,
        avatar_url=(member or user).display_avatar.url,
        is_bot=user.bot,
        joined_at=member.joined_at if member else None,
        role_ids=tuple(role.id for role in reversed(member.roles[1:])) if member else (),
    )


def server_card(guild: discord.Guild) -> ServerCard:
    return ServerCard(
        id=guild.id,
        name=guild.name,
        owner_id=guild.owner_id,
        created_at=guild.created_at,
        member_count=guild.member_count or len(guild.members),
        role_count=len(guild.roles),
        text_channels=len(guild.text_channels),
        voice_channels=len(guild.voice_channels),
        categories=len(guild.categories),
        boosts=guild.premium_subscription_count or 0,
        boost_tier=guild.premium_tier,
        icon_url=guild.icon.url if guild.icon else None,
    )


def role_card(role: discord.Role) -> RoleCard:
    return RoleCard(
        id=role.id,
        name=role.name,
        created_at=role.created_at,
        position=role.position,
        colour=role.colour.value,
        members=len(role.members),
        permissions=frozenset(name for name, allowed in role.permissions if allowed),
        mentionable=role.mentionable,
        hoisted=role.hoist,
        managed=role.managed,
    )


def register(tree: app_commands.CommandTree) -> None:
    @tree.command(description="A member's account and server age and roles; moderators also see their cases.")
    @app_commands.guild_only()
    @app_commands.describe(member=words.DESCRIBE_MEMBER)
    async def userinfo(interaction: discord.Interaction, member: discord.User | None = None):
        user = member or interaction.user
        found = await member_of(interaction, user)
        record = await member_record(interaction.guild_id, user.id, moderator(interaction))
        await answer(interaction, words.userinfo(member_card(user, found), record))

    @tree.command(description="This server: its age, owner, members, roles and channels.")
    @app_commands.guild_only()
    async def serverinfo(interaction: discord.Interaction):
        await answer(interaction, words.serverinfo(server_card(interaction.guild)))

    @tree.command(description="A member's avatar, full size.")
    @app_commands.guild_only()
    @app_commands.describe(member=words.DESCRIBE_MEMBER)
    async def avatar(interaction: discord.Interaction, member: discord.User | None = None):
        user = member or interaction.user
        await answer(interaction, words.avatar(member_card(user, await member_of(interaction, user))))

    @tree.command(description="A role: its members, position, colour and notable permissions.")
    @app_commands.guild_only()
    @app_commands.describe(role=words.DESCRIBE_ROLE)
    async def roleinfo(interaction: discord.Interaction, role: discord.Role):
        await answer(interaction, words.roleinfo(role_card(role)))
