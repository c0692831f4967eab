"""What the demo's people may do, told plainly when they cannot (no bot needed)."""

from datetime import timedelta

from aegis.double.world.snowflakes import utcnow


def test_a_timed_out_member_cannot_post_and_is_told_why(seeded_world):
    community = seeded_world.community
    until = utcnow() + timedelta(minutes=10)
    seeded_world.thread.call(lambda: setattr(community.member("dave"), "communication_disabled_until", until))

    problem = seeded_world.post("dave", "let me out")

    assert problem == f"dave is timed out until {until:%H:%M:%S} UTC and cannot post."
    assert seeded_world.thread.call(lambda: seeded_world.community.double.messages(community.general)) == []


def test_a_post_reaches_the_double_and_the_feed(seeded_world):
    assert seeded_world.post("alice", "hello") is None
    [message] = seeded_world.thread.call(lambda: seeded_world.community.double.messages(seeded_world.community.general))
    assert (message.content, message.author_id) == ("hello", seeded_world.community.user("alice").id)
    lines, cursor = seeded_world.feed_since(0)
    assert [line.text for line in lines] == ["in #general: hello"] and cursor == 1


def test_nobody_and_nothing_are_refused(seeded_world):
    assert seeded_world.post("zed", "hi") == "Nobody here is called 'zed'."
    assert seeded_world.post("alice", "  ") == "Type something to post."
    assert seeded_world.command("mika", "/warn eve x") == "There is no /warn; the bot has no commands yet."
