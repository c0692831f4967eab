"""Raid mode end to end: a burst of joins at the double, the real bot deciding, and what Discord and the database
show; /raid resolve and /raid off from a moderator; a switch from the console taken up by the running bot."""

import asyncio
from datetime import UTC, datetime, timedelta

from aegis.domain.actors import OPERATOR, ActorKind
from aegis.domain.moderation.cases import CaseType
from aegis.domain.raids import RaidAction, RaidResolution, RaidTrigger
from aegis.double import Permission
from aegis.storage import models as m
from aegis.storage import raids

MEMBER_ROUTE = "/guilds/{guild_id}/members/{user_id}"
MESSAGES_ROUTE = "/channels/{channel_id}/messages"
LONG_AGO = datetime.now(UTC) - timedelta(days=400)  # old accounts: only the join rate judges them


async def burst_of_joins(bot, server, count: int = 11, prefix: str = "raider") -> list:
    users = [server.double.add_user(f"{prefix}{n}", created_at=LONG_AGO) for n in range(count)]
    for user in users:
        server.double.member_join(server.guild, user)
    await server.double.wait_until_read()
    await bot.automod_events.drain()
    await bot.raids.drain()
    return users


def mod_log_lines(server, text: str) -> list:
    return [message for message in server.double.messages(server.mod_log) if text in message.content]


async def eventually(condition, timeout: float = 6.0) -> None:
    """The bot's raid sync runs every 2 s on its own."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.05)


async def test_a_burst_of_joins_is_a_raid_each_joiner_timed_out_then_banned_by_resolve_and_ended(bot, server):
    raiders = await burst_of_joins(bot, server)
    ids = {user.id for user in raiders}

    raid = raids.active(server.guild.id)
    assert (raid.trigger, raid.action, raid.joins) == (RaidTrigger.SPIKE, RaidAction.TIMEOUT, 11)
    assert {member.user_id for member in raids.members(raid.id)} == ids
    assert {member.handled for member in raids.members(raid.id)} == {"timeout"}
    patches = server.double.requests_matching("PATCH", MEMBER_ROUTE)
    assert {int(p.params["user_id"]) for p in patches} == ids and len(patches) == 11
    assert {p.reason for p in patches} == {f"Raid mode (raid #{raid.id})"}
    assert all(server.double.member(server.guild, user).is_timed_out() for user in raiders)
    [alert] = mod_log_lines(server, "Raid mode on")
    assert f"raid #{raid.id}" in alert.content and "11 joins in 10s (limit 10)" in alert.content
    assert alert.allowed_mentions == {"parse": []}
    [case] = m.Case.select()
    assert (case.type, case.target_id, case.metadata["raid_id"]) == (CaseType.AUTOMOD.value, server.guild.id, raid.id)

    status = server.double.invoke_command(
        server.guild, server.general, server.moderator, "raid", {}, subcommand="status"
    )
    text = (await status.wait_for_reply(timeout=10)).content
    assert status.ephemeral and f"**Raid mode: on** — raid #{raid.id}" in text and "11 timed out" in text

    resolve = server.double.invoke_command(
        server.guild, server.general, server.moderator, "raid", {"action": "ban"}, subcommand="resolve"
    )
    started, done = await resolve.wait_for_followups(2, timeout=30)
    assert started.content.startswith(f"⏳ Raid #{raid.id}: banning 11 members")
    assert done.content == f"✅ Raid #{raid.id} resolved (ban): 11 banned."
    assert resolve.ephemeral and done.allowed_mentions == {"parse": []}
    bans = server.double.bans(server.guild)
    assert ids <= set(bans) and {bans[i].reason for i in ids} == {f"Raid #{raid.id} resolved by @mod"}
    assert {m.resolution for m in raids.members(raid.id)} == {RaidResolution.BAN}
    assert (
        m.Case.select().where(m.Case.type == CaseType.BAN.value, m.Case.moderator_id == server.moderator.id).count()
        == 11
    )

    again = server.double.invoke_command(
        server.guild, server.general, server.moderator, "raid", {"action": "ban"}, subcommand="resolve"
    )
    assert "resolved already" in (await again.wait_for_reply(timeout=10)).content
    assert len(server.double.requests_matching("PUT", "/guilds/{guild_id}/bans/{user_id}")) == 11

    off = server.double.invoke_command(
        server.guild, server.general, server.moderator, "raid", {"reason": "over"}, subcommand="off"
    )
    assert f"Raid mode off (raid #{raid.id}, 11 members" in (await off.wait_for_reply(timeout=10)).content
    ended = raids.get(raid.id)
    assert (ended.ended_by_kind, ended.ended_by_id, ended.end_reason) == (
        ActorKind.MODERATOR,
        server.moderator.id,
        "over",
    )
    [line] = mod_log_lines(server, f"Raid mode off** — raid #{raid.id}")
    assert line.content.endswith("Cohort: 11 members (11 timed out; resolved: 11 banned).")
    status = server.double.invoke_command(
        server.guild, server.general, server.moderator, "raid", {}, subcommand="status"
    )
    assert f"**Raid mode: off** — the last raid, #{raid.id}" in (await status.wait_for_reply(timeout=10)).content

    since = len(server.double.requests)
    late = server.double.add_user("latecomer", created_at=LONG_AGO)
    server.double.member_join(server.guild, late)
    await server.double.wait_until_read()
    await bot.automod_events.drain()
    assert [r for r in server.double.requests[since:] if r.method == "PATCH"] == []  # raid mode is off


def test_raid_commands_are_for_members_who_may_ban(bot, server):
    [application] = server.double.state.applications.values()
    command = application.global_commands["raid"].data
    assert int(command["default_member_permissions"]) == Permission.BAN_MEMBERS
    assert command["contexts"] == [0] or command.get("dm_permission") is False  # guild only
    assert {o["name"] for o in command["options"]} == {"on", "off", "status", "resolve"}


async def test_a_switch_from_the_console_is_taken_up_by_the_running_bot(bot, server):
    raid, _ = raids.start(server.guild.id, RaidTrigger.CONSOLE, RaidAction.KICK, OPERATOR, "drill")
    await eventually(lambda: raids.get(raid.id).start_seen_at is not None)
    await eventually(lambda: mod_log_lines(server, "started by the operator, from the console: drill"))

    [joiner] = await burst_of_joins(bot, server, count=1, prefix="visitor")
    kick = await server.double.wait_for_request("DELETE", MEMBER_ROUTE, timeout=10)
    assert int(kick.params["user_id"]) == joiner.id and server.double.member(server.guild, joiner) is None
    assert [member.handled for member in raids.members(raid.id)] == ["kick"]

    raids.end(raid.id, OPERATOR, "drill over")
    await eventually(lambda: raids.get(raid.id).end_seen_at is not None)
    await eventually(lambda: mod_log_lines(server, "Raid mode off"))
