"""/announce end to end: @everyone pings only when asked by someone with Mention Everyone; a scheduled one waits."""

from aegis.domain.moderation.schedule import ScheduleKind
from aegis.storage.moderation import schedule
from tests.e2e.outgoing import body_problems

MESSAGES = "/channels/{channel_id}/messages"


async def announce(server, who, options):
    handle = server.double.invoke_command(server.guild, server.general, who, "announce", options)
    return (await handle.wait_for_reply(timeout=10)).content


def posts(server):
    return [
        r for r in server.double.requests_matching("POST", MESSAGES) if r.params["channel_id"] == str(server.general.id)
    ]


async def test_everyone_pings_only_when_asked_by_someone_allowed(bot, server):
    options = {"channel": server.general, "text": "@everyone meeting at 8"}
    assert await announce(server, server.moderator, options) == "✅ Announced."
    assert posts(server)[-1].json["allowed_mentions"] == {"parse": []}
    assert server.double.messages(server.general)[-1].mention_everyone is False

    refused = await announce(server, server.moderator, {**options, "everyone": True})
    assert "You need the Mention Everyone permission to ping @everyone" in refused
    assert await announce(server, server.admin, {**options, "everyone": True}) == "✅ Announced."
    assert posts(server)[-1].json["allowed_mentions"] == {"parse": ["everyone"]}
    assert server.double.messages(server.general)[-1].mention_everyone is True
    assert body_problems(server.double.requests) == []


async def test_a_later_announcement_is_scheduled_and_listed(bot, server):
    reply = await announce(
        server, server.moderator, {"channel": server.general, "text": "Tonight", "at": "6h", "repeat": "1d"}
    )
    [action] = schedule.pending()
    assert action.kind is ScheduleKind.ANNOUNCE and reply.startswith(f"✅ Announcement #{action.id} will be posted")
    assert "then every 1 day" in reply and posts(server) == []
    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "announcements", {}, subcommand="list"
    )
    assert f"#{action.id} <t:" in (await handle.wait_for_reply(timeout=10)).content
