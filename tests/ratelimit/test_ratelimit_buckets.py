from __future__ import annotations

import pytest

from aegis.services.ratelimit import DEFAULT_BUCKETS, BucketSpec, resolve_buckets


def test_defaults():
    assert {
        "commands": BucketSpec(5, 10.0, "user"),
        "messages": BucketSpec(10, 5.0, "user"),
        "reactions": BucketSpec(20, 10.0, "user"),
        "joins": BucketSpec(10, 10.0, "guild"),
        "automod_actions": BucketSpec(30, 60.0, "guild"),
    } == DEFAULT_BUCKETS


@pytest.mark.parametrize(
    ("spec", "guild", "user", "key"),
    [
        (DEFAULT_BUCKETS["commands"], 1, 2, "1:2"),
        (DEFAULT_BUCKETS["joins"], 1, 2, "1"),
        (DEFAULT_BUCKETS["automod_actions"], 1, None, "1"),
    ],
)
def test_keys(spec, guild, user, key):
    assert spec.key(guild, user) == key


@pytest.mark.parametrize(
    ("overrides", "changed"),
    [
        (None, {}),
        ({}, {}),
        ({"messages": {"limit": 8}}, {"messages": BucketSpec(8, 5.0)}),
        ({"messages": {"limit": 8.0, "window_s": 4}}, {"messages": BucketSpec(8, 4.0)}),
        ({"joins": {"window_s": 0.5}}, {"joins": BucketSpec(10, 0.5, "guild")}),
    ],
)
def test_valid_overrides(overrides, changed):
    resolved = resolve_buckets(overrides)
    assert resolved.ok
    assert dict(resolved.buckets) == {**DEFAULT_BUCKETS, **changed}


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"messages": {"limit": "ten"}}, "messages.limit must be a whole number from 1 to 1000, got 'ten'"),
        ({"messages": {"limit": 0}}, "messages.limit must be a whole number from 1 to 1000, got 0"),
        ({"messages": {"limit": 1001}}, "messages.limit must be a whole number from 1 to 1000, got 1001"),
        ({"messages": {"limit": 2.5}}, "messages.limit must be a whole number from 1 to 1000, got 2.5"),
        ({"messages": {"limit": True}}, "messages.limit must be a whole number from 1 to 1000, got True"),
        (
            {"commands": {"window_s": -1}},
            "commands.window_s must be a number of seconds above 0 and at most 86400, got -1",
        ),
        (
            {"commands": {"window_s": float("nan")}},
            "commands.window_s must be a number of seconds above 0 and at most 86400, got nan",
        ),
        ({"commands": {"limt": 3}}, "commands: unknown setting 'limt' (known: limit, window_s)"),
        (
            {"spam": {"limit": 3}},
            "unknown rate-limit bucket 'spam' (known: commands, messages, reactions, joins, automod_actions)",
        ),
        ({"commands": 5}, 'commands must be an object like {"limit": 5, "window_s": 10}, got 5'),
        ([1, 2], "rate limits must be an object, got [1, 2]"),
    ],
)
def test_invalid_overrides_are_values_not_exceptions(overrides, error):
    resolved = resolve_buckets(overrides)
    assert resolved.errors == (error,)
    assert dict(resolved.buckets) == dict(DEFAULT_BUCKETS)  # the bad value keeps its default


def test_good_values_survive_next_to_bad_ones():
    resolved = resolve_buckets({"messages": {"limit": 8, "window_s": "5s"}})
    assert resolved.buckets["messages"] == BucketSpec(8, 5.0)
    assert len(resolved.errors) == 1
