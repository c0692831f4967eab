"""A guild's automod settings: parsed from the JSON stored per guild, validated, compiled.

Parsing never raises. Each bad value is reported as a sentence and keeps its default, so
settings that went bad in storage cannot stop automod, while a command that saves new
settings refuses them as long as `errors` is non-empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aegis.services.automod.fields import flag, ids, parse_fields, to_json
from aegis.services.automod.rules import SETTINGS_TYPES, RuleSettings


@dataclass(frozen=True)
class GuildWideSettings:
    """The settings outside any rule (the rule named `all` in commands)."""

    enabled: bool = flag(True, "automod on or off for the whole guild")
    dry_run: bool = flag(False, "every rule only logs what it would do")
    exempt_role_ids: frozenset[int] = ids("members with any of these roles are never checked")
    exempt_channel_ids: frozenset[int] = ids("messages in these channels are never checked")
    exempt_moderators: bool = flag(
        True, "members with Manage Messages are never checked (the owner and administrators never are, always)"
    )


def _default_rules() -> dict[str, RuleSettings]:
    return {name: cls() for name, cls in SETTINGS_TYPES.items()}


@dataclass(frozen=True)
class AutomodSettings:
    enabled: bool = True
    dry_run: bool = False
    exempt_role_ids: frozenset[int] = frozenset()
    exempt_channel_ids: frozenset[int] = frozenset()
    exempt_moderators: bool = True
    rules: Mapping[str, RuleSettings] = field(default_factory=_default_rules)

    def rule(self, name: str) -> RuleSettings:
        return self.rules[name]

    def to_json(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "dry_run": self.dry_run,
            "exempt_role_ids": sorted(self.exempt_role_ids),
            "exempt_channel_ids": sorted(self.exempt_channel_ids),
            "exempt_moderators": self.exempt_moderators,
            "rules": {name: to_json(s) for name, s in self.rules.items()},
        }


@dataclass(frozen=True)
class ParsedSettings:
    settings: AutomodSettings
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_settings(data: object | None = None) -> ParsedSettings:
    """`{"dry_run": false, "rules": {"message_rate": {"limit": 8}, ...}}` -> settings."""
    errors: list[str] = []
    if data is not None and not isinstance(data, Mapping):
        errors.append(f"automod settings must be an object, got {data!r}")
        data = None
    data = dict(data or {})
    raw_rules = data.pop("rules", None)
    top, problems = parse_fields(GuildWideSettings, "automod", data)
    errors += problems
    if raw_rules is not None and not isinstance(raw_rules, Mapping):
        errors.append(f"automod.rules must be an object, got {raw_rules!r}")
        raw_rules = None
    raw_rules = raw_rules or {}
    for name in raw_rules:
        if name not in SETTINGS_TYPES:
            errors.append(f"unknown automod rule {name!r} (known: {', '.join(SETTINGS_TYPES)})")
    rules: dict[str, RuleSettings] = {}
    for name, cls in SETTINGS_TYPES.items():
        rule_settings, problems = parse_fields(cls, name, raw_rules.get(name))
        problems += rule_settings.prepare()
        errors += problems
        rules[name] = rule_settings
    settings = AutomodSettings(
        enabled=top.enabled,
        dry_run=top.dry_run,
        exempt_role_ids=top.exempt_role_ids,
        exempt_channel_ids=top.exempt_channel_ids,
        exempt_moderators=top.exempt_moderators,
        rules=rules,
    )
    return ParsedSettings(settings, tuple(errors))


def default_settings() -> AutomodSettings:
    return parse_settings().settings


class SettingsCache:
    """A settings provider for AutomodEngine: each guild's JSON parsed once, until invalidated.

    `load(guild_id)` returns the stored JSON (or None for defaults); keep it cheap (an
    in-memory copy), since a miss runs on the caller's thread. Call `invalidate` when a
    guild's settings change (e.g. from the Redis pub/sub message). Stored settings that no
    longer validate still load, bad values at their defaults; `on_errors` hears about it.
    """

    def __init__(
        self,
        load: Callable[[int], object | None],
        on_errors: Callable[[int, tuple[str, ...]], None] | None = None,
    ) -> None:
        self._load = load
        self._on_errors = on_errors
        self._parsed: dict[int, AutomodSettings] = {}

    def __len__(self) -> int:
        return len(self._parsed)

    def __call__(self, guild_id: int) -> AutomodSettings:
        settings = self._parsed.get(guild_id)
        if settings is None:
            parsed = parse_settings(self._load(guild_id))
            if parsed.errors and self._on_errors is not None:
                self._on_errors(guild_id, parsed.errors)
            settings = self._parsed[guild_id] = parsed.settings
        return settings

    def invalidate(self, guild_id: int | None = None) -> None:
        if guild_id is None:
            self._parsed.clear()
        else:
            self._parsed.pop(guild_id, None)
