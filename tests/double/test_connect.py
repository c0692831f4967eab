"""The real discord.py client logs in, identifies and fills its cache from the double."""

from __future__ import annotations

import discord
import pytest

from aegis.double import Intent

pytestmark = pytest.mark.asyncio


async def test_ready_fills_the_cache_with_guilds_members_roles_and_channels(world, client: discord.Client):
    guild = client.get_guild(world.guild.id)
    assert client.user.id == world.bot.id
    assert client.application_id == world.app.id
    assert guild is not None and guild.owner_id == world.owner.id
    assert {m.name for m in guild.members} == {"owner", "Aegis", "alice", "bob", "mod", "admin"}
    assert guild.me.top_role.name == "Aegis"
    assert guild.get_channel(world.general.id).name == "general"
    assert guild.get_member(world.moderator.id).top_role.position == 3


async def test_login_and_identify_go_through_the_rest_api_and_gateway(world, client: discord.Client):
    assert world.double.requests_matching("GET", "/users/@me")[0].status == 200
    assert world.double.requests_matching("GET", "/oauth2/applications/@me")[0].status == 200
    session = world.double.sessions[0]
    assert session.events[:2] == ["READY", "GUILD_CREATE"]
    assert session.intents == discord.Intents.all().value


async def test_without_the_members_intent_only_the_bot_member_is_sent(world, connect):
    intents = discord.Intents.default()
    async with connect(intents) as client:
        guild = client.get_guild(world.guild.id)
        assert [m.id for m in guild.members] == [world.bot.id]
        assert guild.member_count == 6


async def test_a_bad_token_fails_login(world, connect):
    with pytest.raises(discord.LoginFailure):
        async with connect(token="not-the-token"):
            pass


async def test_a_privileged_intent_the_application_lacks_closes_with_4014(world, connect):
    world.app.privileged_intents = int(Intent.GUILD_MEMBERS)  # no MESSAGE_CONTENT on the portal
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with connect(discord.Intents.all()):
            pass


async def test_intents_the_application_is_allowed_connect(world, connect):
    world.app.privileged_intents = int(Intent.GUILD_MEMBERS)
    intents = discord.Intents.default()
    intents.members = True
    async with connect(intents) as client:
        assert client.get_guild(world.guild.id).get_member(world.alice.id) is not None


async def test_gateway_bot_points_at_the_double(world, client: discord.Client):
    shards, url, _ = await client.http.get_bot_gateway()
    assert (shards, url) == (1, world.double.gateway_url)


async def test_an_autosharded_client_connects_too(world, connect):
    async with connect(cls=discord.AutoShardedClient) as client:
        assert client.shard_count == 1
        assert client.get_guild(world.guild.id).get_member(world.alice.id) is not None
