"""Settings from stored JSON: defaults, readable errors, round trips."""

from __future__ import annotations

import json

import pytest

from aegis.services.automod import Action, AutomodSettings, SettingsCache, parse_settings
from aegis.services.automod.fields import describe
from aegis.services.automod.rules import SETTINGS_TYPES


def test_defaults_cover_every_rule():
    parsed = parse_settings(None)
    assert parsed.ok
    assert set(parsed.settings.rules) == set(SETTINGS_TYPES)
    assert all(s.enabled and not s.dry_run for s in parsed.settings.rules.values())
    rate = parsed.settings.rule("message_rate")
    assert (rate.limit, rate.window_s, rate.action, rate.timeout_seconds) == (6, 5.0, Action.TIMEOUT, 600)
    assert parsed.settings.rule("join_rate").action is Action.ALERT


def test_overrides_apply():
    parsed = parse_settings(
        {
            "dry_run": True,
            "exempt_role_ids": ["123", 456],
            "rules": {"message_rate": {"limit": 8, "window_s": 4, "action": "kick", "exempt_channel_ids": [9]}},
        }
    )
    assert parsed.ok
    assert parsed.settings.dry_run and parsed.settings.exempt_role_ids == {123, 456}
    rate = parsed.settings.rule("message_rate")
    assert (rate.limit, rate.window_s, rate.action, rate.exempt_channel_ids) == (8, 4.0, Action.KICK, {9})


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"rules": {"message_rate": {"limit": "ten"}}},
            "message_rate.limit must be a whole number from 1 to 100, got 'ten'",
        ),
        ({"rules": {"message_rate": {"limit": 0}}}, "message_rate.limit must be a whole number from 1 to 100, got 0"),
        (
            {"rules": {"message_rate": {"limit": True}}},
            "message_rate.limit must be a whole number from 1 to 100, got True",
        ),
        ({"rules": {"caps": {"max_ratio": 2}}}, "caps.max_ratio must be a number from 0.1 to 1, got 2"),
        ({"rules": {"caps": {"enabled": "yes"}}}, "caps.enabled must be true or false, got 'yes'"),
        (
            {"rules": {"caps": {"action": "explode"}}},
            "caps.action must be one of none, alert, delete, warn, timeout, kick, ban, got 'explode'",
        ),
        (
            {"rules": {"caps": {"timeout_seconds": 10**9}}},
            "caps.timeout_seconds must be a whole number from 1 to 2419200, got 1000000000",
        ),
        (
            {"rules": {"caps": {"exempt_role_ids": ["admins"]}}},
            "caps.exempt_role_ids must be a list of Discord IDs, got ['admins']",
        ),
        ({"rules": {"links": {"mode": "block"}}}, "links.mode must be one of deny, allow, got 'block'"),
        (
            {"rules": {"links": {"denied_domains": ["evil.com", "not a domain"]}}},
            "links.denied_domains entry 1 ('not a domain') is not a domain like example.com, got ['evil.com', 'not a domain']",
        ),
        (
            {"rules": {"words": {"regexes": ["ok", "(unclosed"]}}},
            "words.regexes entry 1 ('(unclosed') is not a valid regular expression: missing ): (unclosed, "
            "got ['ok', '(unclosed']",
        ),
        (
            {"rules": {"words": {"words": ["***"]}}},
            "words.words entry 0 ('***') must contain a letter or digit, got ['***']",
        ),
        ({"rules": {"words": {"words": "badword"}}}, "words.words must be a list of strings, got 'badword'"),
        ({"rules": {"caps": {"max_ratoi": 0.5}}}, None),  # checked below: unknown setting
        ({"rules": {"capslock": {}}}, None),
        ({"rules": []}, "automod.rules must be an object, got []"),
        ("yes", "automod settings must be an object, got 'yes'"),
        ({"dry_run": 1}, "automod.dry_run must be true or false, got 1"),
    ],
)
def test_errors_are_readable_values(data, error):
    parsed = parse_settings(data)
    assert not parsed.ok and len(parsed.errors) == 1
    if error is not None:
        assert parsed.errors[0] == error
    # Bad values keep their defaults, so the result is still usable.
    assert parsed.settings.rules.keys() == parse_settings().settings.rules.keys()


def test_unknown_names_list_the_known_ones():
    assert (
        parse_settings({"rules": {"caps": {"max_ratoi": 0.5}}})
        .errors[0]
        .startswith("caps: unknown setting 'max_ratoi' (known: enabled, dry_run, action,")
    )
    assert (
        parse_settings({"rules": {"capslock": {}}})
        .errors[0]
        .startswith("unknown automod rule 'capslock' (known: message_rate, duplicates,")
    )


def test_invalid_regex_keeps_the_rest_working():
    parsed = parse_settings({"rules": {"words": {"words": ["bad"], "regexes": ["(a"]}}})
    assert not parsed.ok
    words = parsed.settings.rule("words")
    assert words.words == ("bad",) and words.regexes == ()


def test_json_round_trip():
    original = parse_settings(
        {"exempt_channel_ids": [5], "rules": {"words": {"words": ["x*"]}, "links": {"mode": "allow"}}}
    ).settings
    stored = json.loads(json.dumps(original.to_json()))
    again = parse_settings(stored)
    assert again.ok and again.settings == original


def test_every_setting_is_documented():
    for cls in SETTINGS_TYPES.values():
        for name, _default, doc in describe(cls):
            assert doc, f"{cls.__name__}.{name} has no description"


def test_patterns_compile_once_per_settings_version():
    words = parse_settings({"rules": {"words": {"words": ["bad"]}}}).settings.rule("words")
    assert words.compiled is words.compiled


def test_settings_cache_parses_once_until_invalidated():
    stored = {1: {"rules": {"caps": {"max_ratio": 0.9}}}, 2: {"rules": {"caps": {"max_ratio": "high"}}}}
    loads, problems = [], []
    cache = SettingsCache(lambda g: loads.append(g) or stored.get(g), lambda g, errors: problems.append((g, errors)))
    assert cache(1) is cache(1) and loads == [1]
    assert cache(1).rule("caps").max_ratio == 0.9
    assert cache(3) == AutomodSettings()  # nothing stored: defaults
    assert cache(2).rule("caps").max_ratio == 0.7 and problems[0][0] == 2
    stored[1] = {"dry_run": True}
    cache.invalidate(1)
    assert cache(1).dry_run and loads.count(1) == 2


def test_default_constructed_settings_are_complete():
    assert set(AutomodSettings().rules) == set(SETTINGS_TYPES)


def test_readme_section_documents_every_rule_and_setting():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "automod.md").read_text()
    for name, cls in SETTINGS_TYPES.items():
        assert f"`{name}`" in text
        for setting, _default, _doc in describe(cls):
            assert f"`{setting}`" in text, f"{name}.{setting} is not in docs/automod.md"
