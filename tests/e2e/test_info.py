"""/userinfo, /serverinfo, /avatar, /roleinfo end to end: what the member would read, and the case count only for
moderators."""

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.storage.moderation import cases
from tests.e2e.outgoing import body_problems


async def ask(server, who, name, options=None):
    handle = server.double.invoke_command(server.guild, server.general, who, name, options or {})
    return (await handle.wait_for_reply(timeout=10)).content


async def test_userinfo_shows_a_moderator_the_members_name_roles_and_case_count(bot, server):
    for kind in (CaseType.WARN, CaseType.WARN, CaseType.TIMEOUT):
        cases.create(NewCase(server.guild.id, kind, server.alice.id, ActorKind.MODERATOR, server.moderator.id))
    text = await ask(server, server.moderator, "userinfo", {"member": server.alice})
    assert text.startswith("**alice** (alice)")
    assert f"ID: {server.alice.id}" in text and "Joined this server: <t:" in text and "Account created: <t:" in text
    assert "Cases here: 3 (warn 2, timeout 1); active warnings: 2" in text

    own = await ask(server, server.moderator, "userinfo")
    mod_role = next(r for r in server.guild.roles.values() if r.name == "moderator")
    assert own.startswith("**mod** (mod)") and f"Roles (1): <@&{mod_role.id}>" in own
    assert "Cases here: none" in own
    assert body_problems(server.double.requests) == []


async def test_userinfo_keeps_the_case_count_from_members_who_are_not_moderators(bot, server):
    cases.create(NewCase(server.guild.id, CaseType.WARN, server.bob.id, ActorKind.MODERATOR, server.moderator.id))
    text = await ask(server, server.alice, "userinfo", {"member": server.bob})
    assert text.startswith("**bob** (bob)") and "Cases" not in text


async def test_userinfo_of_someone_who_left_says_they_are_not_a_member(bot, server):
    server.double.member_leave(server.guild, server.bob)
    await server.double.wait_until_read()
    text = await ask(server, server.moderator, "userinfo", {"member": server.bob.id})
    assert "Not a member of this server." in text and "Roles" not in text


async def test_serverinfo_avatar_and_roleinfo(bot, server):
    text = await ask(server, server.alice, "serverinfo")
    assert text.startswith("**Aegis Test**") and "Members: 6" in text and "Channels: 2 text" in text

    assert (await ask(server, server.alice, "avatar", {"member": server.bob})).startswith("**bob**'s avatar: http")

    mod_role = next(r for r in server.guild.roles.values() if r.name == "moderator")
    text = await ask(server, server.alice, "roleinfo", {"role": mod_role})
    assert text.startswith(f"**@moderator** — <@&{mod_role.id}>") and "Members: 1" in text
    assert "Notable permissions: Manage Messages, Ban Members, Kick Members, Moderate Members" in text
    assert body_problems(server.double.requests) == []
