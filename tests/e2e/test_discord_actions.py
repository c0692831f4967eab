"""Moderation done in Discord's own UI, end to end: the double performs it as a moderator would (state changed,
GUILD_AUDIT_LOG_ENTRY_CREATE naming them, and the ban / member events), and the real bot records it."""

from datetime import UTC, datetime, timedelta

import pytest

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, DiscordState
from aegis.domain.moderation.schedule import ScheduleKind, ScheduleState
from aegis.double import Permission
from aegis.storage import models as m
from aegis.storage.moderation import cases, schedule
from tests.e2e.test_moderation_commands import BAN_ROUTE, command
from tests.e2e.test_mute import eventually


def all_cases(server) -> list:
    return sorted(
        (c for who in (server.alice, server.bob) for c in cases.for_target(server.guild.id, who.id)),
        key=lambda c: c.number,
    )


async def case_number(server, number: int):
    await eventually(lambda: cases.get(server.guild.id, number) is not None, f"case #{number} never recorded")
    return cases.get(server.guild.id, number)


def mod_log(server) -> list[str]:
    return [message.content for message in server.double.messages(server.mod_log)]


async def test_a_ban_then_an_unban_then_a_timeout_in_discord_each_make_one_case_by_that_moderator(bot, server):
    double, guild, admin = server.double, server.guild, server.admin
    double.ban(guild, server.bob, "raiding", by=admin)
    ban = await case_number(server, 1)
    assert (ban.type, ban.actor_kind, ban.moderator_id, ban.reason, ban.discord_state) == (
        CaseType.BAN,
        ActorKind.MODERATOR,
        admin.id,
        "raiding",
        DiscordState.APPLIED,
    )
    double.unban(guild, server.bob, "appealed", by=admin)
    unban = await case_number(server, 2)
    assert (unban.type, unban.moderator_id, unban.reason) == (CaseType.UNBAN, admin.id, "appealed")
    assert not cases.get(guild.id, 1).active, "the manual unban ends the ban case"

    until = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
    double.timeout(guild, server.alice, until, "calm down", by=admin)
    timeout = await case_number(server, 3)
    assert (timeout.type, timeout.moderator_id, timeout.reason, timeout.expires_at) == (
        CaseType.TIMEOUT,
        admin.id,
        "calm down",
        until,
    )
    [ends] = schedule.pending_for_target(guild.id, server.alice.id, (ScheduleKind.UNTIMEOUT,))
    assert ends.due_at == until  # the case ends when Discord's timeout does

    double.timeout(guild, server.alice, None, "ok now", by=admin)
    lifted = await case_number(server, 4)
    assert (lifted.type, lifted.moderator_id) == (CaseType.UNTIMEOUT, admin.id)
    assert not cases.get(guild.id, 3).active, "the manual timeout removal ends the timeout case"
    assert schedule.get(ends.id).state is ScheduleState.CANCELLED

    await double.wait_until_read()
    assert [c.number for c in all_cases(server)] == [1, 2, 3, 4]
    await eventually(
        lambda: any(
            "Case #1 · Ban" in line and "recorded from the server's audit log" in line for line in mod_log(server)
        ),
        "the manual ban never reached the mod log",
    )


async def test_a_kick_in_discord_is_a_case_and_a_replayed_entry_makes_no_second(bot, server):
    server.double.kick(server.guild, server.alice, "bye", by=server.admin)
    kick = await case_number(server, 1)
    assert (kick.type, kick.moderator_id, kick.reason) == (CaseType.KICK, server.admin.id, "bye")
    server.double.replay_last_event()  # the audit-log entry once more, as a resumed gateway may send it
    await server.double.wait_until_read()
    server.double.ban(server.guild, server.bob, "marker", by=server.admin)  # handled after the replay
    await case_number(server, 2)
    assert [c.type for c in all_cases(server)] == [CaseType.KICK, CaseType.BAN]
    assert m.DiscordAuditEntry.select().count() == 2


async def test_an_earlier_aegis_tempban_expiry_does_not_lift_a_ban_made_by_hand(bot, server):
    reply, _ = await command(server, "ban", {"member": server.bob, "duration": "2s", "reason": "cool off"})
    assert "Case #1: Temporary ban" in reply.content
    [expiry] = schedule.pending()
    server.double.unban(server.guild, server.bob, "let him back", by=server.admin)
    await case_number(server, 2)
    assert not cases.get(server.guild.id, 1).active, "the manual unban ends the tempban case"
    server.double.ban(server.guild, server.bob, "for good", by=server.admin)
    manual = await case_number(server, 3)
    assert (manual.type, manual.moderator_id, manual.expires_at) == (CaseType.BAN, server.admin.id, None)
    assert schedule.get(expiry.id).state is ScheduleState.CANCELLED
    assert expiry.id not in bot.expiries.armed
    await eventually(lambda: datetime.now(UTC) > expiry.due_at + timedelta(seconds=1), "never due", timeout=10)
    await server.double.wait_until_read()
    assert server.bob.id in server.double.bans(server.guild)
    assert server.double.requests_matching("DELETE", BAN_ROUTE) == []
    assert cases.get(server.guild.id, 3).active


async def test_a_ban_made_by_hand_over_an_aegis_tempban_cancels_its_expiry(bot, server):
    reply, _ = await command(server, "ban", {"member": server.bob, "duration": "1h", "reason": "cool off"})
    assert "Case #1: Temporary ban" in reply.content
    [expiry] = schedule.pending()
    server.double.ban(server.guild, server.bob, "for good", by=server.admin)  # banned again, through the API
    manual = await case_number(server, 2)
    assert (manual.type, manual.moderator_id) == (CaseType.BAN, server.admin.id)
    assert schedule.get(expiry.id).state is ScheduleState.CANCELLED and expiry.id not in bot.expiries.armed
    assert not cases.get(server.guild.id, 1).active


async def test_aegis_own_ban_makes_exactly_one_case(bot, server):
    reply, _ = await command(server, "ban", {"member": server.bob, "reason": "spam"})
    assert "Case #1: Ban" in reply.content
    [entry] = server.double.audit_log(server.guild)
    assert entry["user_id"] == str(bot.user.id)  # Discord names the bot; Aegis knows its own
    server.double.kick(server.guild, server.alice, "marker", by=server.admin)  # handled after Aegis's entry
    await case_number(server, 2)
    assert [c.type for c in all_cases(server)] == [CaseType.BAN, CaseType.KICK]


@pytest.fixture
def no_audit_log(server):
    """The bot's role without View Audit Log (asked for before `bot`, so the bot starts without it)."""
    [role] = [r for r in server.guild.roles.values() if r.name == "Aegis"]
    role.permissions &= ~Permission.VIEW_AUDIT_LOG


async def test_without_the_audit_log_bans_and_timeouts_are_recorded_by_unknown(no_audit_log, bot, server):
    server.double.ban(server.guild, server.bob, "raiding", by=server.admin)
    ban = await case_number(server, 1)
    assert (ban.type, ban.actor_kind, ban.moderator_id, ban.reason) == (
        CaseType.BAN,
        ActorKind.UNKNOWN,
        None,
        "raiding",  # read from the ban itself
    )
    await eventually(
        lambda: any("Who did it is unknown: give me View Audit Log" in line for line in mod_log(server)),
        "the manual ban never reached the mod log",
    )
    server.double.unban(server.guild, server.bob, by=server.admin)
    assert (await case_number(server, 2)).type is CaseType.UNBAN
    assert not cases.get(server.guild.id, 1).active
    server.double.kick(server.guild, server.alice, by=server.admin)  # looks like leaving
    server.double.member_join(server.guild, server.alice)
    server.double.timeout(server.guild, server.alice, datetime.now(UTC) + timedelta(hours=1), by=server.admin)
    await eventually(lambda: CaseType.TIMEOUT in [c.type for c in all_cases(server)], "the timeout never recorded")
    assert CaseType.KICK not in [c.type for c in all_cases(server)]


async def test_without_the_audit_log_aegis_own_actions_make_one_case_each(no_audit_log, bot, server):
    reply, _ = await command(server, "ban", {"member": server.bob, "reason": "spam"})
    assert "Case #1: Ban" in reply.content
    reply, _ = await command(server, "timeout", {"member": server.alice, "duration": "1h"})
    assert "Case #2: Timeout" in reply.content
    await server.double.wait_until_read()
    server.double.unban(server.guild, server.bob, by=server.admin)  # a marker, handled after Aegis's events
    await case_number(server, 3)
    assert [c.type for c in all_cases(server)] == [CaseType.BAN, CaseType.TIMEOUT, CaseType.UNBAN]
