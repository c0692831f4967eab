"""Finding what a moderator names: a rule, one of its settings, a rate-limit bucket — or a sentence saying what
they might have meant. Shared by the automod settings service and the commands' autocomplete."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from aegis.domain.refusals import Refusal
from aegis.services.automod.fields import FieldInfo, field_infos
from aegis.services.automod.rules import SETTINGS_TYPES
from aegis.services.automod.settings import GuildWideSettings
from aegis.services.ratelimit import DEFAULT_BUCKETS
from aegis.services.wording import settings as words

ALL = "all"  # in place of a rule name: the settings for the whole server


@dataclass(frozen=True)
class Target:
    rule: str  # a rule name or ALL
    info: FieldInfo

    @property
    def path(self) -> str:
        return self.info.name if self.rule == ALL else f"{self.rule}.{self.info.name}"


def rule_names() -> list[str]:
    return [ALL, *SETTINGS_TYPES]


def settings_of(rule: str) -> dict[str, FieldInfo]:
    return field_infos(GuildWideSettings if rule == ALL else SETTINGS_TYPES[rule])


def find_rule(text: str) -> str | Refusal:
    name = _norm(text)
    if name in SETTINGS_TYPES or name == ALL:
        return name
    return Refusal("unknown_rule", words.unknown_rule(text, _closest(name, rule_names()), list(SETTINGS_TYPES), ALL))


def find_setting(rule_text: str, setting_text: str) -> Target | Refusal:
    rule = find_rule(rule_text)
    if isinstance(rule, Refusal):
        return rule
    known = settings_of(rule)
    name = _norm(setting_text)
    if name in known:
        return Target(rule, known[name])
    return Refusal(
        "unknown_setting",
        words.unknown_setting(rule if rule != ALL else None, setting_text, _closest(name, known), known),
    )


def find_bucket(text: str) -> str | Refusal:
    name = _norm(text)
    if name in DEFAULT_BUCKETS:
        return name
    return Refusal("unknown_bucket", words.unknown_bucket(text, _closest(name, DEFAULT_BUCKETS), DEFAULT_BUCKETS))


def suggest(options, typed: str, limit: int = 25) -> list[str]:
    """Autocomplete: names starting with what was typed first, then names containing it."""
    typed = _norm(typed)
    starts = [o for o in options if o.startswith(typed)]
    return (starts + [o for o in options if typed in o and o not in starts])[:limit]


def list_target(rule: str, setting: str) -> Target | Refusal:
    target = find_setting(rule, setting)
    if isinstance(target, Refusal) or target.info.is_list:
        return target
    return Refusal("not_a_list", words.not_a_list(target.path))


def _norm(text: str) -> str:
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def _closest(name: str, options) -> str | None:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return close[0] if close else None
