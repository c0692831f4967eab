"""/welcome, /goodbye and /autorole: greetings for members who join or leave, and the roles newcomers get."""

from typing import Literal

import discord
from discord import app_commands

from aegis.bot.commands.common import moderator
from aegis.bot.community.gateway import givable
from aegis.bot.replies import answer_either
from aegis.bot.snapshots import person
from aegis.services.community import autoroles, welcome
from aegis.services.wording.community import autoroles as role_words
from aegis.services.wording.community import welcome as words


def greeting_group(kind: str, description: str) -> app_commands.Group:
    group = app_commands.Group(
        name=kind, description=description, guild_only=True, default_permissions=discord.Permissions(manage_guild=True)
    )

    @group.command(description="Where the message is posted; leave empty to stop posting.")
    @app_commands.describe(channel=words.DESCRIBE_CHANNEL)
    async def channel(interaction: discord.Interaction, channel: discord.TextChannel | None = None):
        result = await welcome.set_channel(
            interaction.guild_id, moderator(interaction), kind, channel.id if channel else None
        )
        await answer_either(
            interaction, result, lambda saved: words.channel_saved(kind, channel.id if channel else None)
        )

    @group.command(description="The text; {user}, {server} and {member_count} are filled in.")
    @app_commands.describe(text=words.DESCRIBE_MESSAGE)
    async def message(interaction: discord.Interaction, text: str):
        result = await welcome.set_message(interaction.guild_id, moderator(interaction), kind, text)
        await answer_either(interaction, result, lambda saved: words.message_saved(kind, saved))

    @group.command(description="The welcome and goodbye settings.")
    async def show(interaction: discord.Interaction):
        await answer_either(
            interaction, await welcome.show(interaction.guild_id, moderator(interaction)), words.summary
        )

    return group


def register(tree: app_commands.CommandTree) -> None:
    greet = greeting_group("welcome", words.WELCOME_GROUP)

    @greet.command(description="Whether the welcome also goes to the newcomer's DMs.")
    @app_commands.describe(state=words.DESCRIBE_DM)
    async def dm(interaction: discord.Interaction, state: Literal["on", "off"]):
        result = await welcome.set_dm(interaction.guild_id, moderator(interaction), state == "on")
        await answer_either(interaction, result, lambda saved: words.dm_saved(saved.welcome_dm))

    tree.add_command(greet)
    tree.add_command(greeting_group("goodbye", words.GOODBYE_GROUP))
    tree.add_command(autorole_group())


def autorole_group() -> app_commands.Group:
    group = app_commands.Group(
        name="autorole",
        description="Roles new members get, at once or after a delay.",
        guild_only=True,
        default_permissions=discord.Permissions(manage_roles=True),
    )

    @group.command(description="Give new members a role, optionally after a delay or once they passed screening.")
    @app_commands.rename(after_screening="after-screening")
    @app_commands.describe(
        role=role_words.DESCRIBE_ROLE, after=role_words.DESCRIBE_AFTER, after_screening=role_words.DESCRIBE_SCREENING
    )
    async def add(
        interaction: discord.Interaction, role: discord.Role, after: str | None = None, after_screening: bool = False
    ):
        result = await autoroles.add(
            interaction.guild_id,
            moderator(interaction),
            givable(role),
            person(interaction.guild.me),
            after,
            after_screening,
        )
        await answer_either(interaction, result, lambda saved: role_words.saved(saved.autoroles))

    @group.command(description="Stop giving new members a role.")
    @app_commands.describe(role=role_words.DESCRIBE_ROLE)
    async def remove(interaction: discord.Interaction, role: discord.Role):
        result = await autoroles.remove(interaction.guild_id, moderator(interaction), role.id)
        await answer_either(interaction, result, lambda saved: role_words.saved(saved.autoroles))

    @group.command(name="list", description="The roles new members get.")
    async def list_(interaction: discord.Interaction):
        result = await autoroles.show(interaction.guild_id, moderator(interaction))
        await answer_either(interaction, result, role_words.listing)

    return group
