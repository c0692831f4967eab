from datetime import UTC, datetime, timedelta

import pytest

from aegis.domain.durations import TIMEOUT_LIMIT, BadDuration, describe, parse_duration, timeout_end


@pytest.mark.parametrize(
    "text, seconds", [("10m", 600), ("2h", 7200), ("7d", 604800), ("1h30m", 5400), (" 90s ", 90), ("1W", 604800)]
)
def test_durations_moderators_type(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    "text, words",
    [
        ("0s", "it is zero"),
        ("-5m", "it is negative"),
        ("99999d", "longer than the limit of 260 weeks"),
        ("ten minutes", "write a number and a unit"),
        ("", "write a number and a unit"),
        ("5", "write a number and a unit"),
    ],
)
def test_bad_durations_say_what_would_be_right(text, words):
    result = parse_duration(text)
    assert isinstance(result, BadDuration)
    assert words in str(result) and "10m, 2h, 7d" in str(result) or "limit" in str(result)


def test_timeouts_stop_at_discords_28_days():
    assert parse_duration("28d", maximum=TIMEOUT_LIMIT) == TIMEOUT_LIMIT
    assert "longer than the limit of 4 weeks" in str(parse_duration("29d", maximum=TIMEOUT_LIMIT))


def test_describe_gives_the_two_largest_parts():
    assert describe(timedelta(days=2, hours=3, minutes=5)) == "2 days 3 hours"
    assert describe(timedelta(seconds=1)) == "1 second"


def test_the_same_length_reads_the_same_however_it_was_measured():
    """A 30-day tempban is "4 weeks 2 days" in the reply, and in the mod log where it is expiry minus creation."""
    created = datetime(2026, 5, 1, 12, 0, 0, 250_000, tzinfo=UTC)
    expires = created.replace(microsecond=0) + timedelta(days=30)  # stored a moment short of the 30 days
    assert describe(timedelta(days=30)) == describe(expires - created) == "4 weeks 2 days"
    assert describe(timedelta(days=30, seconds=-1)) == "4 weeks 2 days"
    assert describe(timedelta(hours=1, minutes=29, seconds=59)) == "1 hour 30 minutes"
    assert describe(timedelta(minutes=1)) == "1 minute"


def test_a_timeout_ends_a_minute_short_of_discords_28_days():
    at = datetime(2026, 3, 1, tzinfo=UTC)
    assert timeout_end(at, timedelta(days=28)) == at + TIMEOUT_LIMIT - timedelta(minutes=1)
    assert timeout_end(at, timedelta(days=90)) == at + TIMEOUT_LIMIT - timedelta(minutes=1)
    assert timeout_end(at, timedelta(hours=2)) == at + timedelta(hours=2)
