"""Messages both ways: posted by users into on_message, sent/deleted by the bot into the double's state."""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest

from aegis.double.world.snowflakes import utcnow

pytestmark = pytest.mark.asyncio


def from_channel(channel_id: int):
    return lambda message: message.channel.id == channel_id


async def test_a_posted_message_reaches_on_message_with_its_content(world, client):
    world.double.post_message(
        world.general, world.alice, "hello <@%d>" % world.bob.id, attachments=[{"filename": "cat.png", "size": 3}]
    )
    message = await client.wait_for("message", timeout=5)
    assert message.content == f"hello <@{world.bob.id}>"
    assert message.author.id == world.alice.id and isinstance(message.author, discord.Member)
    assert [u.id for u in message.mentions] == [world.bob.id]
    assert message.attachments[0].filename == "cat.png"


async def test_without_message_content_intent_content_is_empty_unless_the_bot_is_mentioned(world, connect):
    intents = discord.Intents.all()
    intents.message_content = False
    async with connect(intents) as client:
        world.double.post_message(world.general, world.alice, "secret")
        assert (await client.wait_for("message", timeout=5)).content == ""
        world.double.post_message(world.general, world.alice, f"<@{world.bot.id}> help")
        assert (await client.wait_for("message", timeout=5)).content == f"<@{world.bot.id}> help"


async def test_without_guild_messages_intent_no_message_is_dispatched(world, connect):
    intents = discord.Intents.all()
    intents.guild_messages = False
    async with connect(intents):
        world.double.post_message(world.general, world.alice, "unseen")
        world.double.member_join(world.guild, world.double.add_user("carol"))
        await world.double.wait_until_read()
        assert "MESSAGE_CREATE" not in world.double.sessions[0].events
        assert "GUILD_MEMBER_ADD" in world.double.sessions[0].events


async def test_the_bot_sends_with_allowed_mentions_and_the_double_records_them(world, client):
    channel = client.get_channel(world.general.id)
    sent = await channel.send(
        f"hi <@{world.alice.id}> <@{world.bob.id}>",
        allowed_mentions=discord.AllowedMentions(users=[discord.Object(world.alice.id)]),
    )
    stored = world.double.messages(world.general)[-1]
    assert stored.id == sent.id and stored.author_id == world.bot.id
    assert stored.allowed_mentions["users"] == [world.alice.id]
    assert "users" not in stored.allowed_mentions["parse"]
    assert stored.mention_ids == [world.alice.id]
    request = world.double.requests_matching("POST", "/channels/{channel_id}/messages")[-1]
    assert request.json["allowed_mentions"]["users"] == [world.alice.id]


async def test_history_pages_newest_first(world, client):
    posted = [world.double.seed_message(world.general, world.alice, str(i)) for i in range(5)]
    channel = client.get_channel(world.general.id)
    assert [m.content for m in [m async for m in channel.history(limit=3)]] == ["4", "3", "2"]
    older = [m.content async for m in channel.history(limit=10, before=discord.Object(posted[2].id))]
    assert older == ["1", "0"]
    newer = [m.content async for m in channel.history(limit=10, after=discord.Object(posted[2].id))]
    assert newer == ["3", "4"]


async def test_deleting_a_users_message_needs_manage_messages(world, client):
    message = world.double.post_message(world.general, world.alice, "spam")
    fetched = await client.get_channel(world.general.id).fetch_message(message.id)
    await fetched.delete()
    assert world.double.messages(world.general) == []

    world.bot_role.permissions &= ~discord.Permissions.manage_messages.flag
    other = world.double.post_message(world.general, world.alice, "more spam")
    with pytest.raises(discord.Forbidden) as refused:
        await client.get_channel(world.general.id).get_partial_message(other.id).delete()
    assert refused.value.code == 50013
    assert world.double.messages(world.general) == [other]


async def test_bulk_delete_takes_two_to_a_hundred_recent_messages(world, client):
    channel = client.get_channel(world.general.id)
    recent = [world.double.seed_message(world.general, world.alice, str(i)) for i in range(3)]
    await channel.delete_messages([discord.Object(m.id) for m in recent[:2]])
    assert world.double.messages(world.general) == [recent[2]]
    bulk = world.double.requests_matching("POST", "/channels/{channel_id}/messages/bulk-delete")[-1]
    assert bulk.status == 204

    with pytest.raises(discord.HTTPException) as too_many:
        await client.http.delete_messages(channel.id, [str(world.double.state.ids.next()) for _ in range(101)])
    assert too_many.value.code == 50035

    with pytest.raises(discord.HTTPException) as too_few:
        await client.http.delete_messages(channel.id, [str(recent[2].id)])
    assert too_few.value.code == 50035


async def test_bulk_delete_refuses_messages_older_than_fourteen_days(world, client):
    old = world.double.seed_message(world.general, world.alice, "old", created_at=utcnow() - timedelta(days=15))
    new = world.double.seed_message(world.general, world.alice, "new")
    with pytest.raises(discord.HTTPException) as refused:
        await client.get_channel(world.general.id).delete_messages([discord.Object(old.id), discord.Object(new.id)])
    assert refused.value.code == 50034
    assert world.double.messages(world.general) == [old, new]


async def test_edits_deletes_and_reactions_reach_the_client(world, client):
    message = world.double.post_message(world.general, world.alice, "first")
    await client.wait_for("message", timeout=5)
    world.double.edit_message(message, "second")
    before, after = await client.wait_for("message_edit", timeout=5)
    assert (before.content, after.content) == ("first", "second")
    world.double.add_reaction(message, world.bob, "👍")
    reaction, user = await client.wait_for("reaction_add", timeout=5)
    assert (str(reaction.emoji), user.id) == ("👍", world.bob.id)
    world.double.delete_message(message)
    deleted = await client.wait_for("message_delete", timeout=5)
    assert deleted.id == message.id


async def test_direct_messages_to_a_user_who_closed_dms_fail_with_50007(world, client):
    closed = world.double.add_user("private", accepts_dms=False)
    world.double.add_member(world.guild, closed)
    user = await client.fetch_user(closed.id)
    with pytest.raises(discord.Forbidden) as refused:
        await user.send("you were warned")
    assert refused.value.code == 50007

    await (await client.fetch_user(world.alice.id)).send("you were warned")
    dm = world.double.dm_channel(world.bot, world.alice)
    assert [m.content for m in world.double.messages(dm)] == ["you were warned"]
