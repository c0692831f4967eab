"""How /automod writes settings for Discord: values a moderator can read, and messages within Discord's limit."""

from types import SimpleNamespace

import pytest

from aegis.bot.commands.automod import bucket_choices, list_setting_choices, setting_choices, value_choices
from aegis.bot.replies import pages
from aegis.domain.refusals import Refusal
from aegis.services.ratelimit import BucketSpec
from aegis.services.settings.automod import Changed
from aegis.services.wording.automod import changed_text, shown


@pytest.mark.parametrize(
    "setting, value, text",
    [
        ("dry_run", True, "on"),
        ("enabled", False, "off"),
        ("window_s", 5.0, "5"),
        ("max_ratio", 0.75, "0.75"),
        ("action", "timeout", "timeout"),
        ("exempt_role_ids", [1, 2], "<@&1>, <@&2>"),
        ("exempt_channel_ids", [3], "<#3>"),
        ("exempt_role_ids", [], "none"),
        ("hold_role_id", 9, "<@&9>"),
        ("hold_role_id", 0, "none"),
        ("words", ["spam*", "scam"], "`spam*`, `scam`"),
        ("rate limit commands", BucketSpec(2, 10.0), "2 per 10 s"),
    ],
)
def test_values_read_as_a_moderator_would_say_them(setting, value, text):
    assert shown(setting, value) == text


def test_a_long_list_is_cut_at_an_entry_and_says_how_many_more():
    text = shown("words", [f"word{n}" for n in range(100)], limit=60)
    assert text.startswith("`word0`, `word1`") and text.endswith("`word5` … (+94 more)") and len(text) < 80


@pytest.mark.parametrize(
    "change, text",
    [
        (Changed("message_rate.limit", 6, 3, 4), "✅ `message_rate.limit`: 6 → 3"),
        (Changed("caps.dry_run", False, True, 2), "✅ `caps.dry_run`: off → on"),
        (Changed("message_rate.limit", 6, 6, None), "ℹ️ `message_rate.limit` is already 6; nothing was changed."),
        (
            Changed("rate limit joins", BucketSpec(10, 10.0), BucketSpec(3, 30.0), 5),
            "✅ `rate limit joins`: 10 per 10 s → 3 per 30 s",
        ),
        (
            Refusal("invalid_setting", "caps.max_ratio must be a number from 0.1 to 1, got 2"),
            "⛔ caps.max_ratio must be a number from 0.1 to 1, got 2",
        ),
    ],
)
def test_every_reply_says_old_and_new(change, text):
    assert changed_text(change) == text


def test_stored_values_still_invalid_are_mentioned():
    text = changed_text(
        Changed("caps.min_letters", 15, 20, 3, ("caps.max_ratio must be a number from 0.1 to 1, got 'x'",))
    )
    assert text.endswith(
        "⚠️ Stored earlier and still not valid (their defaults apply): "
        "caps.max_ratio must be a number from 0.1 to 1, got 'x'"
    )


def test_pages_keep_whole_lines_within_the_limit():
    lines = [f"line {n} " + "x" * 90 for n in range(60)]
    split = pages("\n".join(lines))
    assert all(len(page) <= 2000 for page in split) and len(split) == 3
    assert "\n".join(split).split("\n") == lines
    assert pages("y" * 2500) == ["y" * 2000]


def typing_in(**options):
    """What an autocomplete callback reads from Discord: the options typed so far."""
    return SimpleNamespace(namespace=SimpleNamespace(**options))


@pytest.mark.parametrize(
    "callback, options, typed, offered",
    [
        (setting_choices, {"rule": "message_rate"}, "win", ["window_s"]),
        (setting_choices, {"rule": "all"}, "ex", ["exempt_role_ids", "exempt_channel_ids", "exempt_moderators"]),
        (setting_choices, {"rule": "nope"}, "", []),
        (list_setting_choices, {"rule": "words"}, "", ["exempt_role_ids", "exempt_channel_ids", "words", "regexes"]),
        (value_choices, {"rule": "caps", "setting": "dry_run"}, "o", ["on", "off"]),
        (value_choices, {"rule": "links", "setting": "mode"}, "", ["deny", "allow", "default"]),
        (value_choices, {"rule": "words", "setting": "words"}, "", ["none", "default"]),
        (value_choices, {"rule": "caps", "setting": "max_ratio"}, "", ["default"]),
        (bucket_choices, {}, "auto", ["automod_actions"]),
    ],
)
async def test_autocomplete_offers_what_fits_what_was_typed_so_far(callback, options, typed, offered):
    assert [choice.value for choice in await callback(typing_in(**options), typed)] == offered
