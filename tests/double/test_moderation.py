"""Moderation through discord.py lands in the double's state, and Discord's refusals come back as errors."""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest

from aegis.double.world.snowflakes import utcnow

pytestmark = pytest.mark.asyncio

BAN_ROUTE = "/guilds/{guild_id}/bans/{user_id}"


async def test_a_ban_lands_in_state_with_its_audit_log_reason(world, client):
    guild = client.get_guild(world.guild.id)
    await guild.ban(guild.get_member(world.alice.id), reason="spam: 5 links in 3 s — ü", delete_message_seconds=0)
    assert world.double.bans(world.guild)[world.alice.id].reason == "spam: 5 links in 3 s — ü"
    assert world.double.member(world.guild, world.alice) is None
    request = world.double.requests_matching("PUT", BAN_ROUTE)[-1]
    assert (request.status, request.query, request.reason) == (
        204,
        {"delete_message_seconds": "0"},
        "spam: 5 links in 3 s — ü",
    )
    assert (await guild.fetch_ban(discord.Object(world.alice.id))).reason == "spam: 5 links in 3 s — ü"
    assert [entry.user.id async for entry in guild.bans()] == [world.alice.id]


async def test_a_ban_purges_recent_messages_and_the_client_hears_of_it(world, client):
    world.double.post_message(world.general, world.alice, "spam 1")
    world.double.post_message(world.general, world.bob, "innocent")
    await world.double.wait_until_read()
    guild = client.get_guild(world.guild.id)
    await guild.ban(discord.Object(world.alice.id), delete_message_seconds=3600)
    banned_guild, banned_user = await client.wait_for("member_ban", timeout=5)
    assert (banned_guild.id, banned_user.id) == (world.guild.id, world.alice.id)
    assert [m.content for m in world.double.messages(world.general)] == ["innocent"]


async def test_unban_of_someone_not_banned_is_unknown_ban(world, client):
    guild = client.get_guild(world.guild.id)
    with pytest.raises(discord.NotFound) as unknown:
        await guild.unban(discord.Object(world.alice.id))
    assert unknown.value.code == 10026
    world.double.ban(world.guild, world.alice, reason="by a human")
    await guild.unban(discord.Object(world.alice.id), reason="appeal")
    assert world.double.bans(world.guild) == {}


@pytest.mark.parametrize("target_name", ["admin", "owner", "bot_peer"])
async def test_hierarchy_refusals_are_forbidden_and_change_nothing(world, client, target_name):
    if target_name == "bot_peer":  # same top role position as the bot: still refused
        target = world.double.add_user("peer")
        world.double.add_member(world.guild, target, [world.double.add_role(world.guild, "peer", 0, position=5)])
    else:
        target = getattr(world, target_name)
    guild = client.get_guild(world.guild.id)
    member = await guild.fetch_member(target.id)
    for action in (lambda: member.ban(reason="no"), lambda: member.kick(), lambda: member.timeout(timedelta(hours=1))):
        with pytest.raises(discord.Forbidden) as refused:
            await action()
        assert refused.value.code == 50013
    assert world.double.bans(world.guild) == {}
    assert world.double.member(world.guild, target).communication_disabled_until is None


async def test_a_missing_permission_is_forbidden(world, client):
    world.bot_role.permissions &= ~discord.Permissions.ban_members.flag
    with pytest.raises(discord.Forbidden):
        await client.get_guild(world.guild.id).ban(discord.Object(world.alice.id))
    assert world.double.bans(world.guild) == {}


async def test_administrator_implies_every_permission(world, client):
    world.bot_role.permissions = discord.Permissions.administrator.flag
    await client.get_guild(world.guild.id).ban(discord.Object(world.alice.id))
    assert world.alice.id in world.double.bans(world.guild)


async def test_timeouts_up_to_28_days_are_applied_longer_ones_refused(world, client):
    member = client.get_guild(world.guild.id).get_member(world.alice.id)
    with pytest.raises(discord.HTTPException) as refused:
        await member.timeout(utcnow() + timedelta(days=28, minutes=5))
    assert refused.value.code == 50035
    assert world.double.member(world.guild, world.alice).communication_disabled_until is None

    until = utcnow() + timedelta(days=1)
    await member.timeout(until, reason="flood")
    stored = world.double.member(world.guild, world.alice)
    assert abs(stored.communication_disabled_until - until) < timedelta(seconds=1)
    before, after = await client.wait_for("member_update", timeout=5)
    assert after.is_timed_out()
    await member.timeout(None)
    assert stored.communication_disabled_until is None


async def test_kick_removes_the_member(world, client):
    await client.get_guild(world.guild.id).get_member(world.bob.id).kick(reason="bye")
    assert world.double.member(world.guild, world.bob) is None
    assert world.double.requests_matching("DELETE", "/guilds/{guild_id}/members/{user_id}")[-1].reason == "bye"
    removed = await client.wait_for("member_remove", timeout=5)
    assert removed.id == world.bob.id


async def test_roles_below_the_bots_top_role_can_be_given_others_not(world, client):
    guild = client.get_guild(world.guild.id)
    alice = guild.get_member(world.alice.id)
    await alice.add_roles(guild.get_role(world.muted_role.id), reason="muted")
    assert world.double.member(world.guild, world.alice).roles == [world.muted_role.id]
    with pytest.raises(discord.Forbidden):
        await alice.add_roles(guild.get_role(world.admin_role.id))
    await alice.remove_roles(guild.get_role(world.muted_role.id))
    assert world.double.member(world.guild, world.alice).roles == []
    with pytest.raises(discord.NotFound) as unknown:
        await client.http.add_role(guild.id, alice.id, 1234)
    assert unknown.value.code == 10011


ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"


async def test_member_role_calls_answer_as_discord_does(world, client):
    http = client.http
    await http.add_role(world.guild.id, world.alice.id, world.muted_role.id, reason="muted")
    await http.add_role(world.guild.id, world.alice.id, world.muted_role.id)  # already there: still 204
    await http.remove_role(world.guild.id, world.bob.id, world.muted_role.id)  # not there: 204, nothing changes
    assert [r.status for r in world.double.requests_matching("PUT", ROLE_ROUTE)] == [204, 204]
    assert world.double.member(world.guild, world.alice).roles == [world.muted_role.id]
    assert world.double.requests_matching("PUT", ROLE_ROUTE)[0].reason == "muted"
    integration = world.double.add_role(world.guild, "SomeBot", 0, position=2, managed=True)
    # The role is checked on every call, even one that would change nothing (bob holds neither role).
    for role in (world.admin_role, world.bot_role, integration, world.guild.everyone):
        for call in (http.add_role, http.remove_role):
            with pytest.raises(discord.Forbidden) as refused:
                await call(world.guild.id, world.bob.id, role.id)
            assert (refused.value.status, refused.value.code) == (403, 50013)
    assert world.double.member(world.guild, world.bob).roles == []
    world.double.member_leave(world.guild, world.alice)
    for call in (http.add_role, http.remove_role):
        with pytest.raises(discord.NotFound) as unknown:
            await call(world.guild.id, world.alice.id, world.muted_role.id)
        assert (unknown.value.status, unknown.value.code) == (404, 10007)


async def test_member_role_calls_need_manage_roles(world, client):
    world.bot_role.permissions &= ~discord.Permissions.manage_roles.flag
    with pytest.raises(discord.Forbidden) as refused:
        await client.http.add_role(world.guild.id, world.alice.id, world.muted_role.id)
    assert refused.value.code == 50013 and world.double.member(world.guild, world.alice).roles == []


async def test_slowmode_is_bounded_and_dispatched(world, client):
    channel = client.get_channel(world.general.id)
    await channel.edit(slowmode_delay=30)
    assert world.general.rate_limit_per_user == 30
    before, after = await client.wait_for("guild_channel_update", timeout=5)
    assert after.slowmode_delay == 30
    with pytest.raises(discord.HTTPException) as refused:
        await client.http.edit_channel(channel.id, rate_limit_per_user=21601)
    assert refused.value.code == 50035


async def test_lockdown_overwrites_deny_send_messages_for_everyone(world, client):
    guild = client.get_guild(world.guild.id)
    channel = client.get_channel(world.general.id)
    await channel.set_permissions(guild.default_role, send_messages=False, reason="raid")
    overwrite = world.general.overwrites[world.guild.id]
    assert overwrite.deny == discord.Permissions.send_messages.flag and overwrite.allow == 0
    assert (
        world.double.requests_matching("PUT", "/channels/{channel_id}/permissions/{overwrite_id}")[-1].reason == "raid"
    )
    await channel.set_permissions(guild.default_role, overwrite=None)
    assert world.general.overwrites == {}


async def test_the_bot_cannot_post_where_an_overwrite_denies_it(world, client):
    from aegis.double import Overwrite, Permission

    world.general.overwrites[world.bot.id] = Overwrite(world.bot.id, 1, deny=Permission.SEND_MESSAGES)
    with pytest.raises(discord.Forbidden) as refused:
        await client.get_channel(world.general.id).send("hello")
    assert refused.value.code == 50013


async def test_unknown_ids_give_discords_codes(world, client):
    cases = [
        (client.http.get_member(world.guild.id, 42), 10007),
        (client.http.get_channel(42), 10003),
        (client.http.get_user(42), 10013),
        (client.http.get_ban(42, world.guild.id), 10026),
        (client.http.get_message(world.general.id, 42), 10008),
    ]
    for call, code in cases:
        with pytest.raises(discord.NotFound) as unknown:
            await call
        assert unknown.value.code == code
    with pytest.raises(discord.NotFound) as unknown:
        await client.fetch_guild(42)
    assert unknown.value.code == 10004


async def test_bulk_ban_needs_manage_guild_and_reports_who_failed(world, client):
    guild = client.get_guild(world.guild.id)
    with pytest.raises(discord.Forbidden):
        await guild.bulk_ban([discord.Object(world.alice.id)])
    world.bot_role.permissions |= discord.Permissions.manage_guild.flag
    result = await guild.bulk_ban([discord.Object(world.alice.id), discord.Object(world.admin.id)], reason="raid")
    assert [u.id for u in result.banned] == [world.alice.id]
    assert [u.id for u in result.failed] == [world.admin.id]
    assert world.double.bans(world.guild)[world.alice.id].reason == "raid"
