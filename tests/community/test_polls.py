"""How /poll reads what a moderator typed."""

from aegis.domain.community import PollSpec
from aegis.services.community.polls import read_poll


def test_answers_are_split_on_bars_and_the_duration_rounds_up_to_whole_hours():
    assert read_poll(" Lunch? ", "Pizza|  Tacos | | Sushi", "90m", True) == PollSpec(
        "Lunch?", ("Pizza", "Tacos", "Sushi"), 2, True
    )
    assert read_poll("Q", "a | b", None, False).hours == 24
    assert read_poll("Q", "a | b", "32d", False).hours == 768


def test_what_discord_would_refuse_is_refused_first():
    assert "I found 11" in read_poll("Q", "|".join("abcdefghijk"), None, False).reason
    assert "55 characters" in read_poll("Q", "a | " + "x" * 56, None, False).reason
    assert "1 to 300 characters" in read_poll(" ", "a | b", None, False).reason
