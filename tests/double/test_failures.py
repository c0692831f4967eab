"""Failures tests can plan: rate limits discord.py must wait out, errors it must surface."""

from __future__ import annotations

import discord
import pytest

pytestmark = pytest.mark.asyncio

BAN_ROUTE = "/guilds/{guild_id}/bans/{user_id}"


async def test_a_429_is_retried_by_discord_py_after_retry_after(world, client):
    world.double.rate_limit_next("PUT", BAN_ROUTE, retry_after=0.05)
    await client.get_guild(world.guild.id).ban(discord.Object(world.alice.id), reason="spam")
    attempts = world.double.requests_matching("PUT", BAN_ROUTE)
    assert [r.status for r in attempts] == [429, 204]
    assert attempts[1].at - attempts[0].at >= 0.05
    assert world.alice.id in world.double.bans(world.guild)


async def test_an_injected_403_surfaces_and_changes_nothing(world, client):
    world.double.fail_next("PUT", BAN_ROUTE, status=403, code=50013, message="Missing Permissions", times=2)
    guild = client.get_guild(world.guild.id)
    for _ in range(2):
        with pytest.raises(discord.Forbidden):
            await guild.ban(discord.Object(world.alice.id))
    assert world.double.bans(world.guild) == {}
    await guild.ban(discord.Object(world.alice.id))  # the plan is used up
    assert world.alice.id in world.double.bans(world.guild)


async def test_wait_for_request_sees_a_call_made_later(world, client):
    since = len(world.double.requests)
    pending = world.double.wait_for_request("DELETE", "/guilds/{guild_id}/members/{user_id}", timeout=5, since=since)
    await client.get_guild(world.guild.id).kick(discord.Object(world.bob.id), reason="later")
    request = await pending
    assert request.reason == "later" and request.params["user_id"] == str(world.bob.id)


async def test_unauthenticated_calls_are_401(world, client):
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(world.double.api_url + "/users/@me") as response:
            assert response.status == 401
            assert await response.json() == {"message": "401: Unauthorized", "code": 0}
        async with session.get(world.double.api_url + "/no/such/route", headers={"Authorization": "Bot x"}) as response:
            assert response.status == 404
            assert (await response.json())["code"] == 0
