"""/tag: a server's saved texts, posted by name. Every post pings nobody, whatever the text mentions."""

from typing import Literal

import discord
from discord import app_commands

from aegis.bot.commands.common import moderator
from aegis.bot.replies import NO_PINGS, answer, answer_either
from aegis.domain.refusals import Refusal
from aegis.services.community import tags
from aegis.services.wording.community import tags as words
from aegis.services.wording.moderation import refused


def register(tree: app_commands.CommandTree) -> None:
    group = app_commands.Group(
        name="tag", description="This server's tags: saved texts posted by name.", guild_only=True
    )

    @group.command(description="Save a new tag.")
    @app_commands.describe(name=words.DESCRIBE_NAME, text=words.DESCRIBE_TEXT)
    async def create(interaction: discord.Interaction, name: str, text: str):
        result = await tags.create(interaction.guild_id, moderator(interaction), name, text)
        await answer_either(interaction, result, words.created)

    @group.command(description="Change a tag's text (yours, or any with Manage Messages).")
    @app_commands.describe(name=words.DESCRIBE_NAME, text=words.DESCRIBE_TEXT)
    async def edit(interaction: discord.Interaction, name: str, text: str):
        result = await tags.edit(interaction.guild_id, moderator(interaction), name, text)
        await answer_either(interaction, result, words.edited)

    @group.command(description="Delete a tag (yours, or any with Manage Messages).")
    @app_commands.describe(name=words.DESCRIBE_NAME)
    async def delete(interaction: discord.Interaction, name: str):
        await answer_either(
            interaction, await tags.delete(interaction.guild_id, moderator(interaction), name), words.deleted
        )

    @group.command(description="Post a tag in this channel.")
    @app_commands.describe(name=words.DESCRIBE_NAME)
    async def show(interaction: discord.Interaction, name: str):
        tag = await tags.post(interaction.guild_id, name)
        if isinstance(tag, Refusal):
            return await answer(interaction, refused(tag))
        try:
            await interaction.channel.send(tag.text, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            return await answer(interaction, words.not_posted(exc.text or str(exc)))
        await answer(interaction, words.posted(tag))

    @group.command(name="list", description="The server's tags.")
    async def list_(interaction: discord.Interaction):
        await answer(interaction, words.listing(await tags.listing(interaction.guild_id)))

    @group.command(description="Who made a tag, when, and how often it was posted.")
    @app_commands.describe(name=words.DESCRIBE_NAME)
    async def info(interaction: discord.Interaction, name: str):
        await answer_either(interaction, await tags.info(interaction.guild_id, name), words.info)

    @group.command(description="Who may create tags (Manage Server decides).")
    @app_commands.describe(who=words.DESCRIBE_CREATORS)
    async def creators(interaction: discord.Interaction, who: Literal["moderators", "everyone"]):
        result = await tags.set_creators(interaction.guild_id, moderator(interaction), who)
        await answer_either(interaction, result, lambda saved: words.creators_saved(saved.tag_creators))

    tree.add_command(group)
