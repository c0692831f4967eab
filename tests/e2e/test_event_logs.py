"""Event logs end to end: /log set|off|show, and each log type posting what happened to its channel, pinging
nobody; deleted messages with their content, author, reply and re-uploaded attachments, edits before and after,
joins with account age and prior cases, bulk deletes as one file, and content gone after its retention."""

from dataclasses import replace
from datetime import timedelta

import pytest
from freezegun import freeze_time

from aegis import clock
from aegis.domain.actors import OPERATOR, ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.moderation import cases
from tests.e2e.logs_support import POSTS, flushed, log_in, logs_channel, posted, until

PICTURE = b"\x89PNG\r\n\x1a\n a small picture"


@pytest.fixture
async def logs(bot, server):
    return await logs_channel(server)


async def test_log_set_show_and_off_are_for_server_managers_and_audited(bot, server, logs):
    assert "Deleted messages are now logged in" in await log_in(server, "message-delete", logs)
    show = server.double.invoke_command(server.guild, server.general, server.admin, "log", {}, subcommand="show")
    text = (await show.wait_for_reply(timeout=10)).content
    assert (
        f"`message-delete` (deleted messages: content, author, channel, reply, attachments re-uploaded): <#{logs.id}>"
        in text
    )
    assert f"`moderation` (moderation actions (the mod log)): <#{server.mod_log.id}>" in text
    assert "`voice` (voice joins, leaves and moves): off" in text and "kept encrypted for: 24 hours" in text

    off = server.double.invoke_command(
        server.guild, server.general, server.admin, "log", {"type": "message-delete"}, subcommand="off"
    )
    assert "Deleted messages are no longer logged" in (await off.wait_for_reply(timeout=10)).content
    actions = [e.action for e in m.AuditEntry.select().order_by(m.AuditEntry.id)]
    assert actions[-2:] == ["logs.set", "logs.off"]

    refused = server.double.invoke_command(
        server.guild, server.general, server.alice, "log", {"type": "voice", "channel": logs}, subcommand="set"
    )
    assert "You need the Manage Server permission" in (await refused.wait_for_reply(timeout=10)).content


async def test_a_deleted_message_is_logged_with_its_content_author_reply_and_attachment(bot, server, logs):
    await log_in(server, "message-delete", logs)
    question = server.double.post_message(server.general, server.bob, "what is the plan?")
    message = server.double.post_message(
        server.general,
        server.alice,
        "here it is @everyone",
        attachments=[{"filename": "plan.png", "data": PICTURE, "content_type": "image/png"}],
        reply_to=question,
    )
    await server.double.wait_until_read()
    mark = len(server.double.requests)
    server.double.delete_message(message)
    post = await posted(server, logs, since=mark, containing="Message deleted")
    text = post.json["content"]
    assert f"<#{server.general.id}>" in text and f"<@{server.alice.id}> (alice, {server.alice.id})" in text
    assert "> here it is @everyone" in text
    assert f"Replying to https://discord.com/channels/{server.guild.id}/{server.general.id}/{question.id}" in text
    assert post.files == (("plan.png", PICTURE),)


async def test_a_message_deleted_after_discord_py_forgot_it_comes_from_the_encrypted_store(bot, server, logs):
    await log_in(server, "message-delete", logs)
    message = server.double.post_message(server.general, server.alice, "kept in the database")
    await server.double.wait_until_read()
    await flushed(bot, 1)
    bot._connection._messages.clear()  # as after a restart, or once the message left discord.py's small cache
    mark = len(server.double.requests)
    server.double.delete_message(message)
    post = await posted(server, logs, since=mark, containing="Message deleted")
    assert "> kept in the database" in post.json["content"] and "(alice," in post.json["content"]
    await until(lambda: m.LoggedMessage.select().count() == 0)  # once logged, a deleted message's content goes


async def test_a_message_aegis_never_saw_is_logged_with_what_discord_still_gives(bot, server, logs):
    await log_in(server, "message-delete", logs)
    old = server.double.seed_message(server.general, server.alice, "from before Aegis")
    mark = len(server.double.requests)
    server.double.delete_message(old)
    post = await posted(server, logs, since=mark, containing="Message deleted")
    assert f"(id {old.id}). Aegis did not keep it" in post.json["content"]


async def test_an_edit_is_logged_before_and_after(bot, server, logs):
    await log_in(server, "message-edit", logs)
    message = server.double.post_message(server.general, server.alice, "I like cats")
    await server.double.wait_until_read()
    mark = len(server.double.requests)
    server.double.edit_message(message, "I like dogs")
    text = (await posted(server, logs, since=mark, containing="Message edited")).json["content"]
    assert "**Before:**\n> I like cats\n**After:**\n> I like dogs" in text
    server.double.edit_message(message, "I like birds")
    text = (await posted(server, logs, since=mark, containing="birds")).json["content"]
    assert "> I like dogs\n**After:**\n> I like birds" in text


async def test_a_join_is_logged_with_the_account_age_and_prior_cases(bot, server, logs):
    await log_in(server, "member-join", logs)
    returning = server.double.add_user("returning", created_at=clock.now() - timedelta(days=400))
    for kind in (CaseType.WARN, CaseType.WARN, CaseType.KICK):
        cases.create(NewCase(server.guild.id, kind, returning.id, ActorKind.MODERATOR, server.moderator.id, "x"))
    server.double.member_join(server.guild, returning)
    text = (await posted(server, logs, containing="Member joined")).json["content"]
    assert f"<@{returning.id}> (returning, {returning.id})" in text
    assert "400 days old" in text and "prior cases here: 3 (kick 1, warn 2)" in text


async def test_a_bulk_delete_is_one_file_with_the_messages(bot, server, logs):
    await log_in(server, "bulk-delete", logs)
    messages = [server.double.post_message(server.general, server.bob, f"spam number {n}") for n in range(5)]
    await server.double.wait_until_read()
    mark = len(server.double.requests)
    server.double.bulk_delete(server.general, messages)
    post = await posted(server, logs, since=mark, containing="messages deleted at once")
    assert "**5 messages deleted at once**" in post.json["content"]
    [(name, data)] = post.files
    lines = data.decode().splitlines()
    assert name == f"deleted-messages-{server.general.id}.txt"
    assert [line.split(": ", 1)[1] for line in lines] == [f"spam number {n}" for n in range(5)]
    assert all(f"bob ({server.bob.id})" in line for line in lines)


async def test_content_older_than_the_retention_is_gone_from_the_database(bot, server, logs):
    await log_in(server, "message-delete", logs)
    keep_an_hour = {"message_content_hours": 1}
    guilds.update_settings(
        server.guild.id, OPERATOR, lambda s: (replace(s, retention=keep_an_hour), "settings.update", None)
    )
    server.double.post_message(server.general, server.alice, "soon forgotten")
    await server.double.wait_until_read()
    await flushed(bot, 1)
    with freeze_time(clock.now() + timedelta(hours=2), tick=True):  # the hourly job, not the daily one, finds it
        await until(lambda: m.LoggedMessage.select().count() == 0, timeout=10)
    runs = m.AuditEntry.select().where(m.AuditEntry.action == "retention.prune").order_by(m.AuditEntry.id)
    # whichever run removed it (freezegun's jump wakes the hourly and the daily one together) is audited with it
    assert [r.metadata["deleted"].get("message_content_hours") for r in runs].count(1) == 1


async def test_a_members_own_export_holds_their_logged_messages_readable(bot, server, logs):
    import json

    await log_in(server, "message-delete", logs)
    server.double.post_message(server.general, server.alice, "my own words")
    await server.double.wait_until_read()
    await flushed(bot, 1)
    handle = server.double.invoke_command(server.guild, server.general, server.alice, "mydata", {})
    await handle.wait_for_reply(timeout=10)
    [(_, data)] = [f for r in server.double.requests_matching("POST", POSTS) for f in r.files]
    (logged,) = json.loads(data)["sections"]["logged_messages"]
    assert logged["content"] == "my own words" and logged["author_id"] == str(server.alice.id)


async def test_messages_from_bots_are_not_logged(bot, server, logs):
    await log_in(server, "message-delete", logs)
    other_bot = server.double.add_user("helperbot", bot=True)
    server.double.add_member(server.guild, other_bot)
    from_bot = server.double.post_message(server.general, other_bot, "beep")
    from_member = server.double.post_message(server.general, server.alice, "hello")
    await server.double.wait_until_read()
    mark = len(server.double.requests)
    server.double.delete_message(from_bot)
    server.double.delete_message(from_member)
    await posted(server, logs, since=mark, containing="> hello")
    texts = [r.json["content"] for r in server.double.requests[mark:] if r.params.get("channel_id") == str(logs.id)]
    assert len(texts) == 1 and "beep" not in texts[0]


async def test_with_only_the_edit_log_on_a_deleted_messages_content_goes_too(bot, server, logs):
    await log_in(server, "message-edit", logs)
    message = server.double.post_message(server.general, server.alice, "kept for a possible edit")
    await server.double.wait_until_read()
    await flushed(bot, 1)
    server.double.delete_message(message)
    await until(lambda: m.LoggedMessage.select().count() == 0)
