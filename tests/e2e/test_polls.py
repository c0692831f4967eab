"""/poll end to end: a native Discord poll in the channel, with the answers and duration asked, audited; bad input
refused with what would be right; only for moderators."""

from aegis.storage.moderation import audit
from tests.e2e.outgoing import body_problems


async def poll(server, who, options):
    handle = server.double.invoke_command(server.guild, server.general, who, "poll", options)
    return (await handle.wait_for_reply(timeout=10)).content


async def test_a_poll_is_posted_as_discords_own_with_its_answers_and_duration(bot, server):
    double = server.double
    reply = await poll(
        server, server.moderator, {"question": "Lunch?", "options": "Pizza | Tacos |Sushi", "duration": "2h"}
    )
    assert reply == "✅ Poll posted: 3 answers, open for 2 hours."
    [sent] = [r for r in double.requests_matching("POST", "/channels/{channel_id}/messages") if "poll" in r.json]
    assert sent.params["channel_id"] == str(server.general.id)
    assert sent.json["poll"]["question"] == {"text": "Lunch?"}
    assert [a["poll_media"]["text"] for a in sent.json["poll"]["answers"]] == ["Pizza", "Tacos", "Sushi"]
    assert (sent.json["poll"]["duration"], sent.json["poll"]["allow_multiselect"]) == (2, False)
    assert sent.json["allowed_mentions"] == {"parse": []}
    assert double.messages(server.general)[-1].poll["question"] == {"text": "Lunch?"}
    [entry] = audit.page(audit.AuditFilter(guild_id=server.guild.id, action="poll.create"))
    assert entry.actor_id == server.moderator.id and entry.metadata["answers"] == ["Pizza", "Tacos", "Sushi"]
    assert body_problems(double.requests) == []


async def test_a_poll_with_one_answer_or_from_a_member_is_refused(bot, server):
    assert "2 to 10 answers separated by |; I found 1" in await poll(
        server, server.moderator, {"question": "Lunch?", "options": "Pizza"}
    )
    assert "You need the Manage Messages permission to post polls" in await poll(
        server, server.alice, {"question": "Lunch?", "options": "a | b"}
    )
    assert "longer than the limit of 4 weeks 4 days" in await poll(
        server, server.moderator, {"question": "Q", "options": "a | b", "duration": "40d"}
    )
