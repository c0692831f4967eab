"""The event logs of what happens to members and the server: leaves with their roles, nickname and username
changes, roles given and taken, channels and roles created and deleted, voice, invites, and moderation."""

import pytest

from aegis.double import Permission
from tests.e2e.logs_support import log_in, logs_channel, posted


@pytest.fixture
async def logs(bot, server):
    return await logs_channel(server)


async def test_a_leave_is_logged_with_the_roles_they_had(bot, server, logs):
    await log_in(server, "member-leave", logs)
    helper = server.double.guild_events.create_role(server.guild, "helper")
    server.double.update_member(server.guild.members[server.bob.id], roles=[helper.id])
    await server.double.wait_until_read()
    server.double.member_leave(server.guild, server.bob)
    text = (await posted(server, logs, containing="Member left")).json["content"]
    assert f"<@{server.bob.id}> (bob, {server.bob.id}); roles they had: @helper" in text


async def test_nickname_and_username_changes_are_logged(bot, server, logs):
    await log_in(server, "names", logs)
    server.double.update_member(server.guild.members[server.alice.id], nick="Ally")
    text = (await posted(server, logs, containing="Nickname changed")).json["content"]
    assert f"<@{server.alice.id}>: (none) → Ally" in text
    server.double.guild_events.rename_user(server.double.state.users[server.alice.id], "alice2")
    text = (await posted(server, logs, containing="Username changed")).json["content"]
    assert f"<@{server.alice.id}>: alice → alice2" in text


async def test_roles_given_and_taken_are_logged(bot, server, logs):
    await log_in(server, "member-roles", logs)
    vip = server.double.guild_events.create_role(server.guild, "vip")
    member = server.guild.members[server.alice.id]
    server.double.update_member(member, roles=[vip.id])
    text = (await posted(server, logs, containing="Roles changed")).json["content"]
    assert f"<@{server.alice.id}> (alice): given @vip" in text
    mark = len(server.double.requests)
    server.double.update_member(member, roles=[])
    assert "taken @vip" in (await posted(server, logs, since=mark, containing="Roles changed")).json["content"]


async def test_channels_and_roles_created_and_deleted_are_logged(bot, server, logs):
    await log_in(server, "channels", logs)
    await log_in(server, "roles", logs)
    events = server.double.guild_events
    lounge = events.create_channel(server.guild, "lounge", channel_type=2)
    assert (
        f"<#{lounge.id}> (#lounge, voice)" in (await posted(server, logs, containing="Channel created")).json["content"]
    )
    events.delete_channel(server.guild, lounge)
    assert f"#lounge (voice, {lounge.id})" in (await posted(server, logs, containing="Channel deleted")).json["content"]
    role = events.create_role(server.guild, "artists", Permission.SEND_MESSAGES)
    assert f"(@artists, {role.id})" in (await posted(server, logs, containing="Role created")).json["content"]
    events.delete_role(server.guild, role)
    assert f"@artists ({role.id})" in (await posted(server, logs, containing="Role deleted")).json["content"]


async def test_voice_joins_moves_and_leaves_are_logged(bot, server, logs):
    await log_in(server, "voice", logs)
    events = server.double.guild_events
    first = events.create_channel(server.guild, "voice-1", channel_type=2)
    second = events.create_channel(server.guild, "voice-2", channel_type=2)
    await server.double.wait_until_read()
    alice = server.double.state.users[server.alice.id]
    events.set_voice(server.guild, alice, first)
    assert f"(alice) joined <#{first.id}>" in (await posted(server, logs, containing="joined")).json["content"]
    events.set_voice(server.guild, alice, second)
    text = (await posted(server, logs, containing="moved")).json["content"]
    assert f"moved from <#{first.id}> to <#{second.id}>" in text
    events.set_voice(server.guild, alice, None)
    assert f"(alice) left <#{second.id}>" in (await posted(server, logs, containing="left")).json["content"]


async def test_an_invite_created_is_logged(bot, server, logs):
    await log_in(server, "invites", logs)
    bob = server.double.state.users[server.bob.id]
    invite = server.double.guild_events.create_invite(server.general, bob, max_uses=5)
    text = (await posted(server, logs, containing="Invite created")).json["content"]
    assert f"discord.gg/{invite.code} for <#{server.general.id}> by <@{bob.id}> (bob); 5 uses, expires" in text


async def test_the_moderation_log_is_one_of_the_types(bot, server, logs):
    assert "Moderation actions are now logged in" in await log_in(server, "moderation", logs)
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "warn", {"member": server.alice, "reason": "spam"}
    )
    await handle.wait_for_reply(timeout=10)
    text = (await posted(server, logs, containing="spam")).json["content"]
    assert f"<@{server.alice.id}>" in text
