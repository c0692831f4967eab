"""Mutes end to end: the real bot gives and takes the mute role on the Discord double, on time and once."""

import asyncio
from dataclasses import replace

import pytest_asyncio

from aegis.domain.actors import OPERATOR
from aegis.domain.moderation.cases import CaseType, DiscordState
from aegis.domain.moderation.schedule import ScheduleKind, ScheduleState
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.moderation import audit, cases, schedule
from tests.e2e.test_moderation_commands import command

ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"


@pytest_asyncio.fixture
async def muted_role(server):
    """Made before the bot connects (it is asked for before `bot`), so the bot's guild cache has it."""
    return server.double.add_role(server.guild, "Muted", 0, position=1)


@pytest_asyncio.fixture
async def muting(server, muted_role, bot):
    guilds.save_settings(replace(guilds.get_settings(server.guild.id), mute_role_id=muted_role.id), OPERATOR)
    return bot


def roles_of(server, user) -> list[int]:
    return server.double.member(server.guild, user).roles


async def eventually(condition, failure: str, timeout: float = 10) -> None:
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(failure) from None


async def test_a_timed_mute_gives_the_role_and_takes_it_off_on_time_exactly_once(muting, server, muted_role):
    reply, handle = await command(server, "mute", {"member": server.alice, "duration": "2s", "reason": "cool off"})
    assert handle.ephemeral and reply.allowed_mentions == {"parse": []}
    assert f"✅ Case #1: Mute — <@{server.alice.id}> for 2 seconds" in reply.content
    [put] = server.double.requests_matching("PUT", ROLE_ROUTE)
    assert (put.status, put.reason, put.params["user_id"], put.params["role_id"]) == (
        204,
        "cool off",
        str(server.alice.id),
        str(muted_role.id),
    )
    assert roles_of(server, server.alice) == [muted_role.id]
    case = cases.get(server.guild.id, 1)
    assert (case.type, case.discord_state, case.active, case.moderator_id) == (
        CaseType.MUTE,
        DiscordState.APPLIED,
        True,
        server.moderator.id,
    )
    [expiry] = schedule.pending()
    assert (expiry.kind, expiry.due_at) == (ScheduleKind.UNMUTE, case.expires_at)

    removal = await server.double.wait_for_request("DELETE", ROLE_ROUTE, timeout=10)
    assert removal.status == 204 and removal.params["role_id"] == str(muted_role.id)
    assert removal.reason == "Case #1 expired"
    # Due 2 s after the case's instant, which is just before the PUT: not early, and within a second of due.
    assert put.at + 2 - 0.1 <= removal.at <= put.at + 2 + 1, f"removed {removal.at - put.at:.3f} s after the mute"
    assert roles_of(server, server.alice) == []
    await eventually(lambda: schedule.get(expiry.id).state is ScheduleState.DONE, "the expiry was never marked done")
    await eventually(lambda: not cases.get(server.guild.id, 1).active, "the mute case was never ended")
    await muting.expiries.refresh()  # what the bot's watcher does next: the done row must not run again
    await server.double.wait_until_read()
    assert len(server.double.requests_matching("DELETE", ROLE_ROUTE)) == 1
    assert any("Mute expired" in msg.content for msg in server.double.messages(server.mod_log))


async def test_a_mute_refused_for_hierarchy_sends_nothing(muting, server):
    reply, _ = await command(server, "mute", {"member": server.admin, "reason": "no"})
    assert "Your top role @moderator is not above @admin's top role @admin, so you cannot mute them" in reply.content
    assert server.double.requests_matching("PUT", ROLE_ROUTE) == [] and m.Case.select().count() == 0


async def test_a_mute_role_above_the_bot_is_refused_before_discord_would(server, muted_role, bot):
    above = server.double.add_role(server.guild, "Silenced", 0, position=7)  # above Aegis (5)
    await server.double.wait_until_read()
    guilds.save_settings(replace(guilds.get_settings(server.guild.id), mute_role_id=above.id), OPERATOR)
    reply, _ = await command(server, "mute", {"member": server.alice, "duration": "1h"})
    assert "My top role @Aegis is not above the mute role @Silenced, so Discord would refuse" in reply.content
    assert server.double.requests_matching("PUT", ROLE_ROUTE) == [] and m.Case.select().count() == 0


async def test_without_a_mute_role_mute_says_how_to_set_one(bot, server):
    reply, _ = await command(server, "mute", {"member": server.alice})
    assert "This server has no mute role yet; set one with /settings mute-role" in reply.content
    assert server.double.requests_matching("PUT", ROLE_ROUTE) == []


async def test_a_muted_member_who_rejoins_gets_the_role_back(muting, server, muted_role):
    await command(server, "mute", {"member": server.alice, "reason": "spam"})
    server.double.member_leave(server.guild, server.alice)
    before = len(server.double.requests)
    server.double.member_join(server.guild, server.alice)
    again = await server.double.wait_for_request("PUT", ROLE_ROUTE, timeout=10, since=before)
    assert again.status == 204 and again.reason == "Rejoined while muted (case #1)"
    assert roles_of(server, server.alice) == [muted_role.id]
    assert [c.type for c in cases.for_target(server.guild.id, server.alice.id, types=(CaseType.MUTE,))] == [
        CaseType.MUTE
    ]
    await eventually(lambda: audit.page(audit.AuditFilter(action="mute.reapply")), "the re-mute was never audited")
    [entry] = audit.page(audit.AuditFilter(action="mute.reapply"))
    assert entry.target_id == server.alice.id and entry.case_id == cases.get(server.guild.id, 1).id

    server.double.member_join(server.guild, server.bob)  # not muted: joins as usual, nothing given
    await server.double.wait_until_read()
    await command(server, "note", {"member": server.bob, "text": "marker"})  # the join was handled before this
    assert len(server.double.requests_matching("PUT", ROLE_ROUTE)) == 2


async def test_unmute_takes_the_role_off_and_cancels_the_expiry(muting, server, muted_role):
    await command(server, "mute", {"member": server.alice, "duration": "1h"})
    reply, _ = await command(server, "unmute", {"member": server.alice, "reason": "appeal"})
    assert f"✅ Case #2: Mute lifted — <@{server.alice.id}>" in reply.content
    [removal] = server.double.requests_matching("DELETE", ROLE_ROUTE)
    assert removal.status == 204 and removal.reason == "appeal" and roles_of(server, server.alice) == []
    assert schedule.pending() == [] and not cases.get(server.guild.id, 1).active


async def test_unmuting_someone_who_left_means_they_return_unmuted(muting, server, muted_role):
    await command(server, "mute", {"member": server.alice})
    server.double.member_leave(server.guild, server.alice)
    await server.double.wait_until_read()
    reply, _ = await command(server, "unmute", {"member": server.alice, "reason": "appeal by mail"})
    assert f"✅ Case #2: Mute lifted — <@{server.alice.id}>" in reply.content
    assert server.double.requests_matching("DELETE", ROLE_ROUTE) == []  # nobody to take it from
    server.double.member_join(server.guild, server.alice)
    await server.double.wait_until_read()
    await command(server, "note", {"member": server.alice, "text": "marker"})  # the join was handled before this
    assert len(server.double.requests_matching("PUT", ROLE_ROUTE)) == 1 and roles_of(server, server.alice) == []


async def test_settings_mute_role_is_validated_and_saved(bot, server, muted_role):
    managed = server.double.add_role(server.guild, "OtherBot", 0, position=2, managed=True)
    above = server.double.add_role(server.guild, "Staff", 0, position=7)
    await server.double.wait_until_read()
    everyone = server.guild.everyone
    for role, words in (
        (everyone, "@everyone cannot be the mute role"),
        (managed, "belongs to a bot or an integration"),
        (above, "My top role @Aegis is not above the mute role @Staff"),
    ):
        reply, _ = await command(server, "settings", {"role": role}, by=server.admin, subcommand="mute-role")
        assert words in reply.content
    assert guilds.get_settings(server.guild.id).mute_role_id is None
    reply, _ = await command(server, "settings", {"role": muted_role}, by=server.admin, subcommand="mute-role")
    assert f"Mute role: <@&{muted_role.id}>" in reply.content and reply.allowed_mentions == {"parse": []}
    assert guilds.get_settings(server.guild.id).mute_role_id == muted_role.id
    [entry] = [
        e for e in audit.page(audit.AuditFilter(action="settings.update")) if "mute_role_id" in e.metadata["changed"]
    ]
    assert entry.actor_id == server.admin.id
    reply, _ = await command(server, "settings", {}, by=server.admin, subcommand="mute-role")
    assert "Mute role: not set (/mute is off)" in reply.content
