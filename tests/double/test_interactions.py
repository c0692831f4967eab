"""Slash commands invoked by the double reach a real app_commands tree; its answers come back."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from aegis.double import CallbackType

pytestmark = pytest.mark.asyncio


class TreeBot(discord.Client):
    """A client with a command tree like the bot's: /warn, /mod note, /slow (deferred)."""

    def __init__(self, **options):
        super().__init__(**options)
        self.tree = app_commands.CommandTree(self)
        self.calls: list[tuple] = []

        @self.tree.command(description="Warn a member")
        async def warn(interaction: discord.Interaction, member: discord.Member, reason: str, points: int = 1):
            self.calls.append(("warn", member.id, member.guild.id, reason, points, interaction.permissions.ban_members))
            await interaction.response.send_message(
                f"Warned {member.mention}: {reason}",
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )

        mod = app_commands.Group(name="mod", description="Moderator tools")

        @mod.command(description="Add a note")
        async def note(interaction: discord.Interaction, text: str):
            self.calls.append(("mod note", text))
            await interaction.response.send_message(f"noted: {text}")

        self.tree.add_command(mod)

        @self.tree.command(description="Slow mode")
        async def slow(interaction: discord.Interaction, seconds: int):
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.channel.edit(slowmode_delay=seconds)
            await interaction.edit_original_response(content=f"slowmode {seconds}s")
            await interaction.followup.send("done", ephemeral=True)


async def test_a_slash_command_reaches_the_tree_and_its_ephemeral_reply_comes_back(world, connect):
    async with connect(cls=TreeBot) as bot:
        handle = world.double.invoke_command(
            world.guild, world.general, world.moderator, "warn", {"member": world.alice, "reason": "spam"}
        )
        reply = await handle.wait_for_reply(timeout=5)
    assert bot.calls == [("warn", world.alice.id, world.guild.id, "spam", 1, True)]
    assert handle.callback_type == CallbackType.CHANNEL_MESSAGE
    assert reply.content == f"Warned <@{world.alice.id}>: spam"
    assert handle.ephemeral and reply.flags & 64
    assert reply.allowed_mentions == {"parse": []}
    assert reply.mention_ids == []
    assert reply not in world.double.messages(world.general)  # ephemeral: only the invoker sees it
    callback = world.double.requests_matching("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
    assert callback[-1].status == 200 and callback[-1].json["data"]["flags"] == 64


async def test_subcommands_and_public_replies(world, connect):
    async with connect(cls=TreeBot) as bot:
        handle = world.double.invoke_command(
            world.guild, world.general, world.moderator, "mod", {"text": "watch alice"}, subcommand="note"
        )
        reply = await handle.wait_for_reply(timeout=5)
        created = await bot.wait_for("message", check=lambda m: m.id == reply.id, timeout=5)
    assert bot.calls == [("mod note", "watch alice")]
    assert not handle.ephemeral
    assert created.content == "noted: watch alice"
    assert world.double.messages(world.general)[-1].id == reply.id


async def test_a_deferred_command_edits_its_original_and_follows_up(world, connect):
    async with connect(cls=TreeBot):
        handle = world.double.invoke_command(world.guild, world.general, world.moderator, "slow", {"seconds": 10})
        followups = await handle.wait_for_followups(1, timeout=5)
    assert handle.callback_type == CallbackType.DEFERRED_CHANNEL_MESSAGE
    assert handle.original.content == "slowmode 10s" and handle.ephemeral
    assert [m.content for m in followups] == ["done"] and followups[0].ephemeral
    assert world.general.rate_limit_per_user == 10


async def test_synced_commands_are_stored_and_give_option_types(world, connect):
    async with connect(cls=TreeBot) as bot:
        bot.tree.copy_global_to(guild=discord.Object(world.guild.id))
        synced = await bot.tree.sync(guild=discord.Object(world.guild.id))
        assert {c.name for c in synced} == {"warn", "mod", "slow"}
        stored = world.app.guild_commands[world.guild.id]
        assert stored["warn"].data["options"][0]["type"] == 6  # USER
        # An id given for a USER option is typed from the registered command and resolved.
        handle = world.double.invoke_command(
            world.guild, world.general, world.moderator, "warn", {"member": world.bob.id, "reason": "x", "points": 2}
        )
        await handle.wait_for_reply(timeout=5)
        assert bot.calls[-1] == ("warn", world.bob.id, world.guild.id, "x", 2, True)
        assert handle.payload["data"]["guild_id"] == str(world.guild.id)
        # As Discord sends it: the user, and the member partially (no user, deaf, mute) with channel permissions.
        resolved = handle.payload["data"]["resolved"]
        assert set(resolved["users"]) == set(resolved["members"]) == {str(world.bob.id)}
        member = resolved["members"][str(world.bob.id)]
        assert "user" not in member and "deaf" not in member and "mute" not in member
        assert int(member["permissions"]) > 0
        assert {c.name for c in await bot.tree.fetch_commands(guild=discord.Object(world.guild.id))} == {
            "warn",
            "mod",
            "slow",
        }


async def test_responding_twice_is_refused(world, connect):
    async with connect(cls=TreeBot) as bot:
        handle = world.double.invoke_command(
            world.guild, world.general, world.moderator, "mod", {"text": "a"}, subcommand="note"
        )
        await handle.response(timeout=5)
        with pytest.raises(discord.HTTPException) as refused:
            await bot.http.request(
                discord.http.Route("POST", "/interactions/{i}/{t}/callback", i=handle.id, t=handle.token),
                json={"type": 4, "data": {"content": "again"}},
            )
    assert refused.value.code == 40060
