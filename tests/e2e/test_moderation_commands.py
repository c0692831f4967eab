"""Moderators' slash commands, end to end: the real bot, the real discord.py, the double, the database."""

from aegis.domain.moderation.cases import CaseType, DiscordState
from aegis.storage import models as m
from aegis.storage.moderation import audit, cases

TIMEOUT_ROUTE = "/guilds/{guild_id}/members/{user_id}"
BAN_ROUTE = "/guilds/{guild_id}/bans/{user_id}"


async def command(server, name, options, by=None, subcommand=None):
    handle = server.double.invoke_command(
        server.guild, server.general, by or server.moderator, name, options, subcommand=subcommand
    )
    return await handle.wait_for_reply(timeout=10), handle


async def test_three_warnings_escalate_to_a_timeout(bot, server):
    for n in range(1, 4):
        reply, handle = await command(server, "warn", {"member": server.alice, "reason": f"spam {n}"})
        assert handle.ephemeral and f"Case #{n}: Warning" in reply.content
    assert "Escalation rung 1 fired" in reply.content
    [patch] = server.double.requests_matching("PATCH", TIMEOUT_ROUTE)
    assert patch.params["user_id"] == str(server.alice.id) and patch.json["communication_disabled_until"]
    assert "Escalation: 3 active warnings" in patch.reason
    assert server.double.member(server.guild, server.alice).communication_disabled_until is not None
    recorded = [(c.number, c.type, c.discord_state) for c in cases.for_target(server.guild.id, server.alice.id)]
    assert recorded == [
        (4, CaseType.TIMEOUT, DiscordState.APPLIED),
        (3, CaseType.WARN, DiscordState.NOT_NEEDED),
        (2, CaseType.WARN, DiscordState.NOT_NEEDED),
        (1, CaseType.WARN, DiscordState.NOT_NEEDED),
    ]


async def test_hierarchy_refusal_sends_nothing_to_discord(bot, server):
    reply, _ = await command(server, "ban", {"member": server.admin, "reason": "no"})
    assert "Your top role @moderator is not above @admin's top role @admin" in reply.content
    assert server.double.requests_matching("PUT", BAN_ROUTE) == []
    assert m.Case.select().count() == 0


async def test_everyone_in_a_reason_pings_nobody(bot, server):
    reply, _ = await command(server, "warn", {"member": server.bob, "reason": "@everyone look <@&1234> here"})
    assert reply.allowed_mentions == {"parse": []}
    [log_post] = [
        r
        for r in server.double.requests_matching("POST", "/channels/{channel_id}/messages")
        if r.params["channel_id"] == str(server.mod_log.id)
    ]
    assert "@everyone look" in log_post.json["content"]
    assert log_post.json["allowed_mentions"]["parse"] == []
    assert not server.double.messages(server.mod_log)[-1].mention_everyone


async def test_tempban_bans_with_the_reason_and_schedules_the_unban(bot, server):
    reply, _ = await command(server, "ban", {"member": server.bob, "duration": "2h", "reason": "raiding"})
    assert "Temporary ban" in reply.content and "for 2 hours" in reply.content
    assert server.double.bans(server.guild)[server.bob.id].reason == "raiding"
    assert m.ScheduledAction.select().where(m.ScheduledAction.state == "pending").count() == 1


async def test_bad_input_is_answered_plainly(bot, server):
    reply, _ = await command(server, "timeout", {"member": server.alice, "duration": "99d"})
    assert "'99d' is not a duration I can use: it is longer than the limit of 4 weeks" in reply.content
    reply, _ = await command(server, "case", {"number": 42})
    assert "There is no case #42 in this server." in reply.content
    assert server.double.requests_matching("PATCH", TIMEOUT_ROUTE) == []


async def test_a_failed_discord_call_is_told_and_recorded(bot, server):
    server.double.fail_next("DELETE", "/guilds/{guild_id}/members/{user_id}", status=403, code=50013)
    reply, _ = await command(server, "kick", {"member": server.alice, "reason": "bye"})
    assert "Discord refused" in reply.content and "Case #1 is recorded as not done" in reply.content
    assert cases.get(server.guild.id, 1).discord_state is DiscordState.FAILED
    assert server.double.member(server.guild, server.alice) is not None


async def test_a_replayed_interaction_makes_one_case(bot, server):
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "warn", {"member": server.alice, "reason": "once"}
    )
    await handle.wait_for_reply(timeout=10)
    server.double.replay_last_event()
    await server.double.wait_until_read()
    await command(server, "note", {"member": server.alice, "text": "marker"})  # processed after the replay
    assert [c.type for c in cases.for_target(server.guild.id, server.alice.id)] == [CaseType.NOTE, CaseType.WARN]


async def test_case_history_and_reason_edit(bot, server):
    await command(server, "warn", {"member": server.alice, "reason": "first"})
    reply, _ = await command(server, "case-reason", {"number": 1, "reason": "posted a scam link"})
    assert "Case #1 reason updated" in reply.content
    reply, _ = await command(server, "case", {"number": 1})
    assert "posted a scam link" in reply.content and f"Reason edited by <@{server.moderator.id}>" in reply.content
    reply, _ = await command(server, "warnings", {"member": server.alice})
    assert "1 active warning(s)" in reply.content and "`#1` Warning" in reply.content
    reply, _ = await command(server, "pardon", {"case": 1, "reason": "appeal"})
    reply, _ = await command(server, "warnings", {"member": server.alice})
    assert "0 active warning(s)" in reply.content and "pardoned" in reply.content


async def test_settings_change_the_ladder_and_then_the_ladder_applies(bot, server):
    reply, _ = await command(server, "settings", {"ladder": "2 kick"}, by=server.admin, subcommand="escalation")
    assert "Escalation ladder: 2 → kick" in reply.content
    reply, _ = await command(server, "settings", {"ladder": "2 yeet"}, by=server.admin, subcommand="escalation")
    assert "the action must be one of" in reply.content
    reply, _ = await command(server, "settings", {"lifetime": "never"}, by=server.admin, subcommand="warning-lifetime")
    assert "Warnings expire after: never" in reply.content
    await command(server, "warn", {"member": server.alice, "reason": "one"})
    reply, _ = await command(server, "warn", {"member": server.alice, "reason": "two"})
    assert "Escalation rung 1 fired" in reply.content and "Kick" in reply.content
    assert server.double.member(server.guild, server.alice) is None
    [entry] = [
        e for e in audit.page(audit.AuditFilter(action="settings.update")) if "escalation" in e.metadata["changed"]
    ]
    assert entry.actor_id == server.admin.id
