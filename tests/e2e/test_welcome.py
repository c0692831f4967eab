"""Welcome, goodbye and autoroles end to end: set up by slash commands, a member joins, the double sees the greeting
(pinging only them) and the role arriving after its delay; a member who left before it gets nothing."""

import asyncio

from aegis.domain.moderation.schedule import ScheduleState
from aegis.double import Permission
from aegis.storage.moderation import schedule
from tests.e2e.outgoing import body_problems

ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"
MESSAGES = "/channels/{channel_id}/messages"


async def eventually(condition, timeout: float = 10.0):
    """Polls until the condition holds (the bot acts on its own time), failing after `timeout` seconds."""
    for _ in range(int(timeout / 0.05)):
        if found := condition():
            return found
        await asyncio.sleep(0.05)
    raise AssertionError("the condition never held")


async def run(server, who, name, options, subcommand):
    handle = server.double.invoke_command(server.guild, server.general, who, name, options, subcommand=subcommand)
    return (await handle.wait_for_reply(timeout=10)).content


async def test_a_newcomer_is_welcomed_and_gets_the_autorole_after_its_delay(bot, server):
    double = server.double
    members = double.add_role(server.guild, "Members", Permission.SEND_MESSAGES, position=1)
    assert "go to" in await run(server, server.admin, "welcome", {"channel": server.general}, "channel")
    text = "Welcome {user} to {server}, member {member_count}!"
    assert "saved" in await run(server, server.admin, "welcome", {"text": text}, "message")
    assert "Saved" in await run(server, server.admin, "autorole", {"role": members, "after": "1s"}, "add")

    since = len(double.requests)
    newcomer = double.add_user("newcomer")
    double.member_join(server.guild, newcomer)
    in_general = lambda r: r.params["channel_id"] == str(server.general.id)  # automod posts the new account to mod-log
    welcome = await double.wait_for_request("POST", MESSAGES, since=since, timeout=10, where=in_general)
    assert welcome.json["content"] == f"Welcome <@{newcomer.id}> to Aegis Test, member 7!"
    assert welcome.json["allowed_mentions"] == {"parse": [], "users": [str(newcomer.id)]}
    given = await double.wait_for_request("PUT", ROLE_ROUTE, since=since, timeout=10)
    assert (given.params["user_id"], given.params["role_id"]) == (str(newcomer.id), str(members.id))
    assert given.at >= welcome.at + 0.9, "given before its delay"
    assert members.id in double.member(server.guild, newcomer).roles
    assert body_problems(double.requests) == []


async def test_a_member_who_leaves_before_the_delay_gets_nothing_and_is_said_goodbye(bot, server):
    double = server.double
    members = double.add_role(server.guild, "Members", Permission.SEND_MESSAGES, position=1)
    await run(server, server.admin, "goodbye", {"channel": server.general}, "channel")
    await run(server, server.admin, "autorole", {"role": members, "after": "10m"}, "add")
    newcomer = double.add_user("newcomer")
    double.member_join(server.guild, newcomer)
    [action] = await eventually(schedule.pending)
    since = len(double.requests)
    double.member_leave(server.guild, newcomer)
    goodbye = await double.wait_for_request(
        "POST", MESSAGES, since=since, timeout=10, where=lambda r: r.params["channel_id"] == str(server.general.id)
    )
    assert goodbye.json["content"] == "**newcomer** has left Aegis Test. We are 6 now."
    assert goodbye.json["allowed_mentions"] == {"parse": []}
    await eventually(lambda: schedule.get(action.id).state is ScheduleState.CANCELLED)
    assert double.requests_matching("PUT", ROLE_ROUTE) == []


async def test_autorole_refuses_a_role_with_dangerous_permissions_and_unknown_placeholders(bot, server):
    risky = server.double.add_role(server.guild, "Helpers", Permission.KICK_MEMBERS, position=1)
    reply = await run(server, server.admin, "autorole", {"role": risky}, "add")
    assert "⛔ @Helpers has Kick Members" in reply
    reply = await run(server, server.admin, "welcome", {"text": "Hi {member}"}, "message")
    assert "I do not know {member}; the placeholders are {user}, {server}, {member_count}." in reply


async def test_an_after_screening_autorole_arrives_when_the_member_passes_screening(bot, server):
    double = server.double
    members = double.add_role(server.guild, "Members", Permission.SEND_MESSAGES, position=1)
    reply = await run(server, server.admin, "autorole", {"role": members, "after-screening": True}, "add")
    assert f"<@&{members.id}> at once, once they passed screening" in reply
    newcomer = double.add_user("newcomer")
    member = double.member_join(server.guild, newcomer, pending=True)
    await double.wait_until_read()
    assert double.requests_matching("PUT", ROLE_ROUTE) == []
    double.update_member(member, pending=False)
    given = await double.wait_for_request("PUT", ROLE_ROUTE, timeout=10)
    assert (given.params["user_id"], given.params["role_id"]) == (str(newcomer.id), str(members.id))
