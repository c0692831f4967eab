"""/tag end to end: a tag with @everyone and a role mention is posted to the channel pinging nobody, and every body
the bot sent is one Discord accepts."""

from tests.e2e.outgoing import body_problems, checked_bodies


async def test_a_tag_with_everyone_and_a_role_mention_posts_pinging_nobody(bot, server):
    double = server.double
    role = next(r for r in server.guild.roles.values() if r.name == "moderator")
    text = f"@everyone @here read this, <@&{role.id}> and <@{server.bob.id}> too"
    handle = double.invoke_command(
        server.guild, server.general, server.moderator, "tag", {"name": "alert", "text": text}, subcommand="create"
    )
    assert (await handle.wait_for_reply(timeout=10)).content.startswith("✅ Tag “alert” saved")

    since = len(double.requests)
    handle = double.invoke_command(
        server.guild, server.general, server.alice, "tag", {"name": "alert"}, subcommand="show"
    )
    assert (await handle.wait_for_reply(timeout=10)).content == "✅ Posted “alert”."
    posted = await double.wait_for_request(
        "POST", "/channels/{channel_id}/messages", since=since, where=lambda r: r.json.get("content") == text
    )
    assert posted.params["channel_id"] == str(server.general.id)
    assert posted.json["allowed_mentions"] == {"parse": []}
    message = double.messages(server.general)[-1]
    assert (message.content, message.mention_everyone, message.mention_role_ids, message.mention_ids) == (
        text,
        False,
        [],
        [],
    )
    assert checked_bodies(double.requests) and body_problems(double.requests) == []


async def test_a_member_may_not_create_a_tag_until_the_server_lets_everyone(bot, server):
    double = server.double
    args = {"name": "hello", "text": "Hi!"}
    handle = double.invoke_command(server.guild, server.general, server.alice, "tag", args, subcommand="create")
    assert "You need the Manage Messages permission" in (await handle.wait_for_reply(timeout=10)).content

    handle = double.invoke_command(
        server.guild, server.general, server.admin, "tag", {"who": "everyone"}, subcommand="creators"
    )
    assert "everyone may create tags" in (await handle.wait_for_reply(timeout=10)).content
    handle = double.invoke_command(server.guild, server.general, server.alice, "tag", args, subcommand="create")
    assert (await handle.wait_for_reply(timeout=10)).content.startswith("✅")
    handle = double.invoke_command(server.guild, server.general, server.bob, "tag", {}, subcommand="list")
    assert "`hello`" in (await handle.wait_for_reply(timeout=10)).content
