"""Changing automod settings and rate limits one at a time: what is stored, what is refused, what the audit log and
the settings bus are told."""

import asyncio

import pytest

from aegis.domain.actors import Actor
from aegis.domain.guilds import GuildSettings
from aegis.services.ratelimit import BucketSpec
from aegis.services.settings import guild as guild_settings
from aegis.services.settings.automod import AutomodConfig
from aegis.services.settings.automod_lookup import rule_names, suggest
from aegis.services.settings.bus import SettingsBus
from aegis.storage import guilds
from aegis.storage.moderation import audit

GUILD = 700
MOD = Actor.moderator(42)


class Heard:
    """A listener on a real in-process bus: what every bot process would have been told."""

    def __init__(self, bus: SettingsBus) -> None:
        self.messages: list[tuple[int, int]] = []
        bus.subscribe(self.hear)

    async def hear(self, guild_id: int, version: int) -> None:
        self.messages.append((guild_id, version))


@pytest.fixture
def bus():
    return SettingsBus()


@pytest.fixture
def heard(bus):
    return Heard(bus)


@pytest.fixture
def config(db, bus):
    return AutomodConfig(bus)


def stored() -> GuildSettings:
    return guilds.get_settings(GUILD)


def entries(action: str) -> list:
    return audit.page(audit.AuditFilter(guild_id=GUILD, action=action))


@pytest.mark.parametrize(
    "rule, setting, text, path, old, new, json",
    [
        ("message_rate", "limit", "3", "message_rate.limit", 6, 3, {"rules": {"message_rate": {"limit": 3}}}),
        ("Message-Rate", "LIMIT", " 8 ", "message_rate.limit", 6, 8, {"rules": {"message_rate": {"limit": 8}}}),
        (
            "message_rate",
            "window_s",
            "10s",
            "message_rate.window_s",
            5.0,
            10.0,
            {"rules": {"message_rate": {"window_s": 10}}},
        ),
        (
            "duplicates",
            "window_s",
            "2m",
            "duplicates.window_s",
            30.0,
            120.0,
            {"rules": {"duplicates": {"window_s": 120}}},
        ),
        (
            "message_rate",
            "timeout_seconds",
            "1h",
            "message_rate.timeout_seconds",
            600,
            3600,
            {"rules": {"message_rate": {"timeout_seconds": 3600}}},
        ),
        ("caps", "max_ratio", "0.9", "caps.max_ratio", 0.7, 0.9, {"rules": {"caps": {"max_ratio": 0.9}}}),
        ("caps", "dry_run", "on", "caps.dry_run", False, True, {"rules": {"caps": {"dry_run": True}}}),
        ("caps", "enabled", "off", "caps.enabled", True, False, {"rules": {"caps": {"enabled": False}}}),
        ("all", "dry_run", "yes", "dry_run", False, True, {"dry_run": True}),
        (
            "message_rate",
            "action",
            "Kick",
            "message_rate.action",
            "timeout",
            "kick",
            {"rules": {"message_rate": {"action": "kick"}}},
        ),
        ("links", "mode", "allow", "links.mode", "deny", "allow", {"rules": {"links": {"mode": "allow"}}}),
        (
            "words",
            "words",
            "scam*, free nitro",
            "words.words",
            [],
            ["scam*", "free nitro"],
            {"rules": {"words": {"words": ["scam*", "free nitro"]}}},
        ),
        (
            "words",
            "regexes",
            '["a{1,3}b", "free\\\\s+nitro"]',
            "words.regexes",
            [],
            ["a{1,3}b", "free\\s+nitro"],
            {"rules": {"words": {"regexes": ["a{1,3}b", "free\\s+nitro"]}}},
        ),
        (
            "links",
            "denied_domains",
            "grabify.link,iplogger.org",
            "links.denied_domains",
            [],
            ["grabify.link", "iplogger.org"],
            {"rules": {"links": {"denied_domains": ["grabify.link", "iplogger.org"]}}},
        ),
        ("all", "exempt_role_ids", "<@&123>, 456", "exempt_role_ids", [], [123, 456], {"exempt_role_ids": [123, 456]}),
        (
            "caps",
            "exempt_channel_ids",
            "<#9> 8",
            "caps.exempt_channel_ids",
            [],
            [8, 9],
            {"rules": {"caps": {"exempt_channel_ids": [9, 8]}}},
        ),
        (
            "join_rate",
            "hold_role_id",
            "<@&789>",
            "join_rate.hold_role_id",
            0,
            789,
            {"rules": {"join_rate": {"hold_role_id": 789}}},
        ),
        (
            "join_rate",
            "raid_action",
            "KICK",
            "join_rate.raid_action",
            "timeout",
            "kick",
            {"rules": {"join_rate": {"raid_action": "kick"}}},
        ),
    ],
)
async def test_a_setting_is_converted_validated_stored_audited_and_announced(
    config, heard, rule, setting, text, path, old, new, json
):
    before = stored().version
    change = await config.set(GUILD, MOD, rule, setting, text)

    assert (change.setting, change.old, change.new) == (path, old, new)
    after = stored()
    assert after.automod == json and after.version == change.version == before + 1
    [entry] = entries("automod.settings")
    assert (entry.actor_id, entry.metadata["setting"], entry.metadata["old"], entry.metadata["new"]) == (
        42,
        path,
        old,
        new,
    )
    assert entry.metadata["version"] == after.version
    assert heard.messages == [(GUILD, after.version)]


@pytest.mark.parametrize(
    "rule, setting, text, says",
    [
        ("message_rate", "limit", "ten", "message_rate.limit must be a whole number from 1 to 100, got 'ten'"),
        ("message_rate", "limit", "0", "message_rate.limit must be a whole number from 1 to 100, got 0"),
        ("message_rate", "limit", "2.5", "message_rate.limit must be a whole number from 1 to 100, got 2.5"),
        ("message_rate", "window_s", "soon", "message_rate.window_s must be a number from 1 to 300, got 'soon'"),
        ("message_rate", "window_s", "10m", "message_rate.window_s must be a number from 1 to 300, got 600"),
        ("caps", "max_ratio", "nan", "caps.max_ratio must be a number from 0.1 to 1, got 'nan'"),
        ("caps", "dry_run", "maybe", "caps.dry_run must be true or false, got 'maybe'"),
        (
            "message_rate",
            "action",
            "yeet",
            "message_rate.action must be one of none, alert, delete, warn, timeout, kick, ban, got 'yeet'",
        ),
        ("links", "mode", "block", "links.mode must be one of deny, allow, got 'block'"),
        ("words", "regexes", "(unclosed", "words.regexes entry 0 ('(unclosed') is not a valid regular expression"),
        ("words", "words", "***", "words.words entry 0 ('***') must contain a letter or digit"),
        (
            "join_rate",
            "raid_action",
            "hold",
            "join_rate.raid_action hold needs join_rate.hold_role_id (the role that holds joiners)",
        ),
        ("all", "exempt_role_ids", "admins", "automod.exempt_role_ids must be a list of Discord IDs, got ['admins']"),
        ("spam", "limit", "3", "There is no automod rule 'spam'. Rules: message_rate, duplicates, mentions"),
        ("mesage_rate", "limit", "3", "There is no automod rule 'mesage_rate' (did you mean message_rate?)"),
        (
            "message_rate",
            "limt",
            "3",
            "message_rate has no setting 'limt' (did you mean limit?). Its settings: enabled, dry_run, action",
        ),
        (
            "all",
            "limit",
            "3",
            "Automod has no server-wide setting 'limit'. Its settings: enabled, dry_run, exempt_role_ids",
        ),
    ],
)
async def test_a_bad_change_is_refused_with_what_would_be_right_and_nothing_is_stored(
    config, heard, rule, setting, text, says
):
    await config.set(GUILD, MOD, "caps", "min_letters", "20")
    before = stored()
    refusal = await config.set(GUILD, MOD, rule, setting, text)

    assert says in refusal.reason
    assert stored() == before
    assert len(entries("automod.settings")) == 1 and len(heard.messages) == 1


async def test_the_whole_result_is_validated_so_settings_that_belong_together_are_set_in_order(config):
    await config.set(GUILD, MOD, "join_rate", "hold_role_id", "<@&31>")
    change = await config.set(GUILD, MOD, "join_rate", "raid_action", "hold")
    assert change.new == "hold"
    refusal = await config.set(GUILD, MOD, "join_rate", "hold_role_id", "0")
    assert "join_rate.raid_action hold needs join_rate.hold_role_id" in refusal.reason
    assert stored().automod == {"rules": {"join_rate": {"hold_role_id": 31, "raid_action": "hold"}}}


async def test_the_same_value_again_stores_nothing(config, heard):
    change = await config.set(GUILD, MOD, "message_rate", "limit", "6")
    assert (change.old, change.new, change.version) == (6, 6, None)
    assert stored().version == 0 and entries("automod.settings") == [] and heard.messages == []


async def test_default_drops_the_override(config):
    await config.set(GUILD, MOD, "message_rate", "limit", "3")
    change = await config.set(GUILD, MOD, "message_rate", "limit", "default")
    assert (change.old, change.new) == (3, 6)
    assert stored().automod == {}


async def test_none_empties_a_list(config):
    await config.set(GUILD, MOD, "words", "words", "a, b")
    change = await config.set(GUILD, MOD, "words", "words", "none")
    assert (change.old, change.new) == (["a", "b"], [])


@pytest.mark.parametrize(
    "rule, setting, on, path, json",
    [
        ("caps", "dry_run", True, "caps.dry_run", {"rules": {"caps": {"dry_run": True}}}),
        ("all", "dry_run", True, "dry_run", {"dry_run": True}),
        ("links", "enabled", False, "links.enabled", {"rules": {"links": {"enabled": False}}}),
        ("all", "enabled", False, "enabled", {"enabled": False}),
    ],
)
async def test_dry_run_and_enable_switch_a_rule_or_everything(config, heard, rule, setting, on, path, json):
    change = await config.switch(GUILD, MOD, rule, setting, on)
    assert (change.setting, change.old, change.new) == (path, not on, on)
    assert stored().automod == json and len(heard.messages) == 1


async def test_list_entries_are_added_once_and_removed_in_any_case(config):
    change = await config.add_items(GUILD, MOD, "words", "words", "scam*, Free*")
    assert (change.old, change.new) == ([], ["scam*", "Free*"])
    again = await config.add_items(GUILD, MOD, "words", "words", "SCAM*")
    assert again.version is None
    removed = await config.remove_items(GUILD, MOD, "words", "words", "free*")
    assert removed.new == ["scam*"] and stored().automod == {"rules": {"words": {"words": ["scam*"]}}}
    [first, *_] = entries("automod.settings")
    assert (first.metadata["old"], first.metadata["new"]) == (["scam*", "Free*"], ["scam*"])


@pytest.mark.parametrize(
    "call, args, says",
    [
        ("remove_items", ("words", "words", "ghost"), "words.words does not hold ghost; nothing was removed."),
        ("add_items", ("message_rate", "limit", "3"), "message_rate.limit is one value, not a list: set it instead."),
        ("add_items", ("words", "regexes", "(a"), "words.regexes entry 0 ('(a') is not a valid regular expression"),
        ("add_items", ("nope", "words", "x"), "There is no automod rule 'nope'"),
    ],
)
async def test_list_changes_that_cannot_be_made_are_refused(config, call, args, says):
    refusal = await getattr(config, call)(GUILD, MOD, *args)
    assert says in refusal.reason and stored().version == 0


async def test_exemptions_for_everything_or_one_rule(config):
    change = await config.exempt(GUILD, MOD, "role", 55, add=True)
    assert (change.setting, change.old, change.new) == ("exempt_role_ids", [], [55])
    change = await config.exempt(GUILD, MOD, "channel", 66, add=True, rule="caps")
    assert (change.setting, change.new) == ("caps.exempt_channel_ids", [66])
    assert stored().automod == {"exempt_role_ids": [55], "rules": {"caps": {"exempt_channel_ids": [66]}}}
    change = await config.exempt(GUILD, MOD, "role", 55, add=False)
    assert (change.old, change.new) == ([55], [])
    refusal = await config.exempt(GUILD, MOD, "channel", 77, add=False, rule="caps")
    assert refusal.reason == "caps.exempt_channel_ids does not hold 77; nothing was removed."
    refusal = await config.exempt(GUILD, MOD, "role", 1, add=True, rule="capz")
    assert "There is no automod rule 'capz' (did you mean caps?)" in refusal.reason


@pytest.mark.parametrize(
    "bucket, limit, window, old, new, json",
    [
        ("commands", 2, "10", BucketSpec(5, 10.0), BucketSpec(2, 10.0), {"commands": {"limit": 2, "window_s": 10}}),
        ("commands", None, "1m", BucketSpec(5, 10.0), BucketSpec(5, 60.0), {"commands": {"window_s": 60}}),
        (
            "automod_actions",
            10,
            None,
            BucketSpec(30, 60.0, "guild"),
            BucketSpec(10, 60.0, "guild"),
            {"automod_actions": {"limit": 10}},
        ),
        (
            "joins",
            "3",
            "0.5",
            BucketSpec(10, 10.0, "guild"),
            BucketSpec(3, 0.5, "guild"),
            {"joins": {"limit": 3, "window_s": 0.5}},
        ),
    ],
)
async def test_a_rate_limit_is_set_audited_announced_and_reset(config, heard, bucket, limit, window, old, new, json):
    change = await config.set_rate_limit(GUILD, MOD, bucket, limit, window)
    assert (change.setting, change.old, change.new) == (f"rate limit {bucket}", old, new)
    assert stored().rate_limits == json and heard.messages == [(GUILD, change.version)]
    [entry] = entries("ratelimit.settings")
    assert entry.metadata["bucket"] == bucket and entry.actor_id == 42
    assert entry.metadata["old"] == {"limit": old.limit, "window_s": old.window_s}
    assert entry.metadata["new"] == {"limit": new.limit, "window_s": new.window_s}

    reset = await config.reset_rate_limit(GUILD, MOD, bucket)
    assert (reset.old, reset.new) == (new, old) and stored().rate_limits == {}


@pytest.mark.parametrize(
    "bucket, limit, window, says",
    [
        ("commands", 0, None, "commands.limit must be a whole number from 1 to 1000, got 0"),
        ("commands", 5000, None, "commands.limit must be a whole number from 1 to 1000, got 5000"),
        ("commands", "ten", None, "commands.limit must be a whole number from 1 to 1000, got 'ten'"),
        (
            "commands",
            None,
            "soon",
            "commands.window_s must be a number of seconds above 0 and at most 86400, got 'soon'",
        ),
        ("commands", None, "2d", "commands.window_s must be a number of seconds above 0 and at most 86400, got 172800"),
        ("bogus", 1, None, "There is no rate-limit bucket 'bogus'. Buckets: commands, messages, reactions, joins"),
        ("comands", 1, None, "There is no rate-limit bucket 'comands' (did you mean commands?)"),
        ("commands", None, None, "Give a limit, a window or both"),
    ],
)
async def test_a_bad_rate_limit_is_refused_and_nothing_is_stored(config, heard, bucket, limit, window, says):
    refusal = await config.set_rate_limit(GUILD, MOD, bucket, limit, window)
    assert says in refusal.reason
    assert stored().version == 0 and entries("ratelimit.settings") == [] and heard.messages == []


async def test_values_stored_earlier_that_no_longer_validate_do_not_block_other_changes(config):
    guilds.save_settings(GuildSettings(GUILD, automod={"rules": {"caps": {"max_ratio": "loud"}}}), MOD)
    change = await config.set(GUILD, MOD, "message_rate", "limit", "4")
    assert change.new == 4 and change.still_invalid == ("caps.max_ratio must be a number from 0.1 to 1, got 'loud'",)
    fixed = await config.set(GUILD, MOD, "caps", "max_ratio", "0.8")
    assert fixed.still_invalid == () and stored().automod["rules"]["caps"] == {"max_ratio": 0.8}


async def test_two_changes_at_once_both_land(config):
    await asyncio.gather(
        config.set(GUILD, MOD, "message_rate", "limit", "4"),
        config.set(GUILD, MOD, "message_rate", "window_s", "9"),
        config.set_rate_limit(GUILD, MOD, "commands", 3, None),
    )
    after = stored()
    assert after.automod == {"rules": {"message_rate": {"limit": 4, "window_s": 9}}}
    assert after.rate_limits == {"commands": {"limit": 3}} and after.version == 3


async def test_moderation_settings_changes_are_announced_too(db, bus, heard):
    saved = await guild_settings.change(GUILD, MOD, bus=bus, dm_on_action=False)
    assert heard.messages == [(GUILD, saved.version)]
    refused = await guild_settings.set_escalation(GUILD, MOD, "2 yeet", bus=bus)
    assert "the action must be one of" in refused.reason and len(heard.messages) == 1


@pytest.mark.parametrize(
    "typed, first",
    [
        ("dup", ["duplicates"]),
        ("rate", ["message_rate", "join_rate"]),
        ("", ["all", "message_rate"]),
        ("ALL", ["all"]),
        ("zzz", []),
    ],
)
def test_rule_names_are_suggested_as_typed(typed, first):
    assert suggest(rule_names(), typed)[: len(first)] == first
    assert len(suggest(rule_names(), typed)) <= 25
