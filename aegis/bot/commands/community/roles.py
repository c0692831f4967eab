"""/roles panel: messages of buttons members press to take or drop roles."""

from typing import Literal

import discord
from discord import app_commands

from aegis.bot.commands.common import moderator
from aegis.bot.community.gateway import givable
from aegis.bot.replies import answer_either
from aegis.bot.snapshots import person
from aegis.services.community import panels
from aegis.services.wording.community import panels as words


def register(tree: app_commands.CommandTree, gateway) -> None:
    roles = app_commands.Group(
        name="roles",
        description="Roles members give themselves.",
        guild_only=True,
        default_permissions=discord.Permissions(manage_roles=True),
    )
    panel = app_commands.Group(name="panel", description="Panels of buttons that give roles.", parent=roles)

    @panel.command(description="Post a new, empty panel; then add roles to it.")
    @app_commands.describe(
        channel=words.DESCRIBE_CHANNEL, title=words.DESCRIBE_TITLE, mode=words.DESCRIBE_MODE, style=words.DESCRIBE_STYLE
    )
    async def create(
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        title: str,
        mode: Literal["normal", "unique", "verify", "drop"] = "normal",
        style: Literal["buttons", "menu"] = "buttons",
    ):
        result = await panels.create(
            interaction.guild_id, moderator(interaction), channel.id, title, mode, gateway, style
        )
        await answer_either(interaction, result, words.created)

    @panel.command(description="Add a role's button to a panel (or change its emoji and label).")
    @app_commands.describe(
        panel=words.DESCRIBE_PANEL, role=words.DESCRIBE_ROLE, emoji=words.DESCRIBE_EMOJI, label=words.DESCRIBE_LABEL
    )
    async def add(interaction: discord.Interaction, panel: int, role: discord.Role, emoji: str = "", label: str = ""):
        result = await panels.add(
            interaction.guild_id,
            moderator(interaction),
            panel,
            givable(role),
            person(interaction.guild.me),
            emoji,
            label,
            gateway,
        )
        await answer_either(interaction, result, words.saved)

    @panel.command(description="Take a role's button off a panel.")
    @app_commands.describe(panel=words.DESCRIBE_PANEL, role=words.DESCRIBE_ROLE)
    async def remove(interaction: discord.Interaction, panel: int, role: discord.Role):
        result = await panels.remove(interaction.guild_id, moderator(interaction), panel, role.id, gateway)
        await answer_either(interaction, result, words.saved)

    @panel.command(name="list", description="This server's role panels.")
    async def list_(interaction: discord.Interaction):
        await answer_either(
            interaction, await panels.listing(interaction.guild_id, moderator(interaction)), words.listing
        )

    tree.add_command(roles)
