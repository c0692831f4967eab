import pytest

from aegis.domain.guilds import EscalationRung
from aegis.domain.moderation.cases import CaseType
from aegis.domain.moderation.ladder import describe_ladder, parse_ladder
from aegis.domain.refusals import Refusal


def test_a_ladder_as_moderators_write_it():
    ladder = parse_ladder("3 timeout 1h, 5 kick, 7 tempban 7d, 9 ban")
    assert ladder == (
        EscalationRung(3, CaseType.TIMEOUT, 3600),
        EscalationRung(5, CaseType.KICK),
        EscalationRung(7, CaseType.TEMPBAN, 604800),
        EscalationRung(9, CaseType.BAN),
    )
    assert describe_ladder(ladder) == "3 → timeout 1 hour, 5 → kick, 7 → tempban 1 week, 9 → ban"
    assert parse_ladder("none") == () and describe_ladder(()) == "none"


@pytest.mark.parametrize(
    "text, words",
    [
        ("3 mute 1h", "the action must be one of timeout, kick, ban, tempban"),
        ("3 timeout", "timeout needs duration"),
        ("5 kick 1h", "kick takes no duration"),
        ("3 timeout 30d", "longer than the limit of 4 weeks"),
        ("x kick", "each rung is a number of warnings"),
        ("5 kick, 3 ban", "Rungs must go up in warnings"),
    ],
)
def test_a_ladder_that_cannot_be_read_says_why_and_shows_one_that_can(text, words):
    refusal = parse_ladder(text)
    assert isinstance(refusal, Refusal) and words in refusal.reason and "3 timeout 1h, 5 kick, 7 ban" in refusal.reason
