"""What the case says, end to end: what ended it, and how far Discord got."""

from aegis.domain.moderation.cases import CaseType
from aegis.storage.moderation import cases
from tests.e2e.test_moderation_commands import command


async def test_unban_ends_the_tempban_case_and_the_case_says_so(bot, server):
    await command(server, "ban", {"member": server.bob, "duration": "1h", "reason": "cool off"})
    reply, _ = await command(server, "unban", {"user": server.bob, "reason": "appeal"})
    assert "Case #2" in reply.content
    shown, _ = await command(server, "case", {"number": 1})
    assert "Ended: lifted by case #2" in shown.content
    assert cases.get(server.guild.id, 1).active is False


async def test_a_purge_stopped_half_way_by_discord_says_how_many_went(bot, server):
    # Written quietly (no MESSAGE_CREATE), so automod does not judge a hundred messages from one member.
    for n in range(101):
        server.double.actions.create_message(server.general, server.alice, f"old news {n}", announce=False)
    server.double.fail_next("DELETE", "/channels/{channel_id}/messages/{message_id}", status=403, code=50013)
    handle = server.double.invoke_command(server.guild, server.general, server.moderator, "purge", {"count": 101})
    reply = await handle.wait_for_reply(timeout=15)
    [bulk] = server.double.requests_matching("POST", "/channels/{channel_id}/messages/bulk-delete")
    assert len(bulk.json["messages"]) == 100 and len(server.double.messages(server.general)) == 1
    [case] = [c for c in cases.for_target(server.guild.id, server.general.id) if c.type is CaseType.PURGE]
    assert case.discord_state.value == "partial" and case.metadata["deleted"] == 100
    assert "after 100 deleted" in case.discord_error and "Discord did only part of it" in reply.content
