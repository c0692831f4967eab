"""Properties that tables cannot cover: arbitrary text and arbitrary stored JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aegis.services.automod import AutomodEngine, MessageContext, parse_settings
from aegis.services.automod.rules.content.caps import count_letters

ALL_ON = parse_settings(
    {
        "rules": {
            "words": {"words": ["bad*", "дурак", "f*ck"], "regexes": [r"(a+)+$", r"free\s+nitro"]},
            "links": {"mode": "allow"},
            "invites": {"allowed_codes": ["ours"]},
        }
    }
).settings
T0 = datetime(2024, 1, 1, tzinfo=UTC)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=15), children, max_size=4),
    max_leaves=20,
)
rule_names = st.sampled_from(sorted(ALL_ON.rules))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    contents=st.lists(st.text(max_size=300), min_size=1, max_size=8),
    mentions=st.lists(st.integers(0, 2**64), max_size=10),
    gaps=st.lists(st.floats(0, 100), min_size=8, max_size=8),
    edit=st.booleans(),
)
def test_engine_never_raises_on_arbitrary_text(contents, mentions, gaps, edit):
    engine = AutomodEngine(lambda guild_id: ALL_ON)
    at = 0.0
    for i, content in enumerate(contents):
        at += gaps[i]
        ctx = MessageContext(
            guild_id=1,
            channel_id=2,
            message_id=i,
            author_id=3,
            content=content,
            created_at=T0 + timedelta(seconds=at),
            mention_user_ids=tuple(mentions),
            is_edit=edit,
        )
        for verdict in engine.check_message(ctx):
            assert verdict.reason and verdict.triggered


@given(st.dictionaries(st.text(max_size=20), json_values, max_size=5) | json_values)
def test_parsing_never_raises_on_arbitrary_json(data):
    parsed = parse_settings(data)
    assert all(isinstance(e, str) and e for e in parsed.errors)
    assert set(parsed.settings.rules) == set(ALL_ON.rules)


@given(rule_names, st.dictionaries(st.text(max_size=20), json_values, max_size=5))
def test_rule_settings_never_raise_and_stay_usable(name, values):
    parsed = parse_settings({"rules": {name: values}})
    assert type(parsed.settings.rule(name)) is type(ALL_ON.rule(name))
    # Whatever was stored, the round trip of the result is clean.
    assert parse_settings(parsed.settings.to_json()).ok


@given(st.text(max_size=200))
def test_fast_letter_count_agrees_with_the_slow_one(text):
    letters = sum(c.isalpha() for c in text)
    upper = sum(c.isupper() for c in text)
    assert count_letters(text) == (upper, letters)
