"""Changing a guild's automod settings and rate limits from any front end, one setting at a time.

Each change is applied to a copy of the stored JSON and the whole result is validated (parse_settings,
resolve_buckets) before anything is stored: a problem comes back as a Refusal naming the setting, what was
wrong and what would be right, and nothing is saved. A change that validates is saved in one transaction
with an audit entry saying which setting went from what to what, then published on the settings bus so
every bot process uses it at once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from aegis.domain.actors import Actor
from aegis.domain.guilds import GuildSettings
from aegis.domain.refusals import Refusal
from aegis.services.automod import AutomodSettings, parse_settings
from aegis.services.automod.fields import to_json
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_privilege
from aegis.services.ratelimit import BucketSpec, ResolvedBuckets, resolve_buckets
from aegis.services.settings.automod_lookup import ALL, Target, find_bucket, find_setting, list_target
from aegis.services.settings.bus import SettingsBus
from aegis.services.settings.text import items_from_text, number_from_text, value_from_text
from aegis.services.wording import settings as words
from aegis.storage import guilds

AUTOMOD_ACTION = "automod.settings"
RATE_LIMIT_ACTION = "ratelimit.settings"
MANAGE_SERVER = "manage_guild"  # who may see and change automod, asked again here whatever Discord let through
DEFAULT = object()  # a setting's new value: drop the override, so the default applies
BUCKET_USES = {
    "commands": "slash commands, per member",
    "messages": "not counted by the bot: the message_rate rule limits each member's messages",
    "reactions": "not counted by the bot yet",
    "joins": "member joins, per server (raid mode)",
    "automod_actions": "Discord calls automod makes, per server",
}


@dataclass(frozen=True)
class Changed:
    setting: str  # "message_rate.limit", "dry_run" (server-wide), "rate limit commands"
    old: Any
    new: Any
    version: int | None  # the settings version saved; None when the value was already that and nothing was stored
    still_invalid: tuple[str, ...] = ()  # stored earlier, still not valid (their defaults apply), not this change's


@dataclass(frozen=True)
class AutomodView:
    stored: GuildSettings
    automod: AutomodSettings
    errors: tuple[str, ...]  # stored values that do not validate; their defaults apply
    buckets: ResolvedBuckets


class AutomodConfig:
    def __init__(self, bus: SettingsBus) -> None:
        self.bus = bus

    async def view(self, guild_id: int, actor: Actor | None = None) -> AutomodView | Refusal:
        """`actor` None: a reader with no Discord permissions to check (the console, a test)."""
        if actor is not None and (refusal := check_privilege(actor, MANAGE_SERVER, words.AUTOMOD_READING)):
            return refusal
        stored = await db_call(guilds.get_settings, guild_id)
        parsed = parse_settings(stored.automod or None)
        return AutomodView(stored, parsed.settings, parsed.errors, resolve_buckets(stored.rate_limits or None))

    async def set(self, guild_id: int, actor: Actor, rule: str, setting: str, text: str) -> Changed | Refusal:
        """`text` as typed: converted for the setting's type; `default` goes back to the default."""
        target = find_setting(rule, setting)
        if isinstance(target, Refusal):
            return target
        value = DEFAULT if text.strip().lower() == "default" else value_from_text(target.info, text)
        return await self._change_automod(guild_id, actor, target, lambda _old: value)

    async def switch(self, guild_id: int, actor: Actor, rule: str, setting: str, on: bool) -> Changed | Refusal:
        """`dry_run` or `enabled`, for one rule or (rule `all`) the whole server."""
        target = find_setting(rule, setting)
        if isinstance(target, Refusal):
            return target
        return await self._change_automod(guild_id, actor, target, lambda _old: on)

    async def add_items(self, guild_id: int, actor: Actor, rule: str, setting: str, text: str) -> Changed | Refusal:
        target = list_target(rule, setting)
        if isinstance(target, Refusal):
            return target
        items = items_from_text(target.info, text)
        return await self._change_automod(
            guild_id, actor, target, lambda old: old + [i for i in items if not _holds(old, i)]
        )

    async def remove_items(self, guild_id: int, actor: Actor, rule: str, setting: str, text: str) -> Changed | Refusal:
        target = list_target(rule, setting)
        if isinstance(target, Refusal):
            return target
        items = items_from_text(target.info, text)

        def without(old: list) -> list | Refusal:
            if not any(_holds(old, item) for item in items):
                return Refusal("not_listed", words.not_listed(target.path, items))
            return [value for value in old if not any(_same(value, item) for item in items)]

        return await self._change_automod(guild_id, actor, target, without)

    async def exempt(
        self, guild_id: int, actor: Actor, kind: str, target_id: int, *, add: bool, rule: str | None = None
    ) -> Changed | Refusal:
        """A role or channel skipped by every rule (`rule` None) or by one."""
        setting = {"role": "exempt_role_ids", "channel": "exempt_channel_ids"}[kind]
        change = self.add_items if add else self.remove_items
        return await change(guild_id, actor, rule or ALL, setting, str(target_id))

    async def set_rate_limit(
        self,
        guild_id: int,
        actor: Actor,
        bucket: str,
        limit: int | str | None = None,
        window: float | str | None = None,
    ) -> Changed | Refusal:
        """`window` in seconds, or as typed: '10', '10s', '2m'."""
        if refusal := check_privilege(actor, MANAGE_SERVER, words.AUTOMOD_CHANGING):
            return refusal
        if limit is None and window is None:
            return Refusal("nothing_to_change", words.NO_LIMIT_OR_WINDOW)
        changes: dict[str, Any] = {}
        if limit is not None:
            changes["limit"] = number_from_text(limit) if isinstance(limit, str) else limit
        if window is not None:
            changes["window_s"] = number_from_text(window, duration=True) if isinstance(window, str) else window
        return await self._change_rate_limit(guild_id, actor, bucket, lambda override: {**override, **changes})

    async def reset_rate_limit(self, guild_id: int, actor: Actor, bucket: str) -> Changed | Refusal:
        return await self._change_rate_limit(guild_id, actor, bucket, lambda _override: None)

    async def _change_automod(
        self, guild_id: int, actor: Actor, target: Target, new_value: Callable[[Any], Any]
    ) -> Changed | Refusal:
        """`new_value(old)` gets the value in effect (as JSON) and gives the new one, DEFAULT or a Refusal."""
        if refusal := check_privilege(actor, MANAGE_SERVER, words.AUTOMOD_CHANGING):
            return refusal
        seen: dict[str, Any] = {}

        def change(current: GuildSettings):
            before = parse_settings(current.automod or None)
            old = _effective(before.settings, target)
            value = new_value(old)
            if isinstance(value, Refusal):
                return value
            data = _with_value(current.automod or {}, target, value)
            after = parse_settings(data or None)
            problems = [e for e in after.errors if e not in before.errors]
            if problems:
                return Refusal("invalid_setting", words.invalid(problems))
            seen.update(old=old, new=_effective(after.settings, target), still_invalid=after.errors)
            if seen["new"] == old:
                return None
            details = {"setting": target.path, "old": old, "new": seen["new"]}
            return replace(current, automod=data), AUTOMOD_ACTION, details

        return await self._save(guild_id, actor, target.path, change, seen)

    async def _change_rate_limit(
        self, guild_id: int, actor: Actor, bucket: str, edit: Callable[[dict], dict | None]
    ) -> Changed | Refusal:
        if refusal := check_privilege(actor, MANAGE_SERVER, words.AUTOMOD_CHANGING):
            return refusal
        name = find_bucket(bucket)
        if isinstance(name, Refusal):
            return name
        seen: dict[str, Any] = {}

        def change(current: GuildSettings):
            before = resolve_buckets(current.rate_limits or None)
            overrides = copy.deepcopy(current.rate_limits or {})
            stored = overrides.get(name)
            override = edit(dict(stored) if isinstance(stored, dict) else {})
            if override is None:
                overrides.pop(name, None)
            else:
                overrides[name] = override
            after = resolve_buckets(overrides or None)
            problems = [e for e in after.errors if e not in before.errors]
            if problems:
                return Refusal("invalid_rate_limit", words.invalid(problems))
            old, new = before.buckets[name], after.buckets[name]
            seen.update(old=old, new=new, still_invalid=after.errors)
            if old == new:
                return None
            details = {"bucket": name, "old": _spec_json(old), "new": _spec_json(new)}
            return replace(current, rate_limits=overrides), RATE_LIMIT_ACTION, details

        return await self._save(guild_id, actor, f"rate limit {name}", change, seen)

    async def _save(self, guild_id: int, actor: Actor, setting: str, change, seen: dict) -> Changed | Refusal:
        outcome = await db_call(guilds.update_settings, guild_id, actor, change)
        if isinstance(outcome, Refusal):
            return outcome
        version = None if outcome is None else outcome.version
        if version is not None:
            await self.bus.publish(guild_id, version)
        return Changed(setting, seen["old"], seen["new"], version, tuple(seen["still_invalid"]))


def _effective(settings: AutomodSettings, target: Target) -> Any:
    """The value in effect, as it would be stored (lists sorted or in order, actions by name)."""
    if target.rule == ALL:
        return settings.to_json()[target.info.name]
    return to_json(settings.rule(target.rule))[target.info.name]


def _with_value(automod: dict, target: Target, value: Any) -> dict:
    data = copy.deepcopy(automod)
    if target.rule == ALL:
        section = data
    else:
        rules = data["rules"] = dict(data.get("rules") or {})
        section = rules[target.rule] = dict(rules.get(target.rule) or {})
    if value is DEFAULT:
        section.pop(target.info.name, None)
    else:
        section[target.info.name] = value
    if target.rule != ALL:  # keep the stored JSON to what differs from the defaults
        if not section:
            del data["rules"][target.rule]
        if not data["rules"]:
            del data["rules"]
    return data


def _same(stored: Any, given: Any) -> bool:
    if isinstance(stored, str) and isinstance(given, str):
        return stored.casefold() == given.casefold()  # words and domains match in any case
    return stored == given


def _holds(values: list, item: Any) -> bool:
    return any(_same(value, item) for value in values)


def _spec_json(spec: BucketSpec) -> dict[str, Any]:
    return {"limit": spec.limit, "window_s": spec.window_s}
