"""Named buckets, their defaults, and a guild's overrides merged in with readable errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

MAX_LIMIT = 1000
MAX_WINDOW_S = 86_400.0


@dataclass(frozen=True, slots=True)
class BucketSpec:
    limit: int
    window_s: float
    per: Literal["user", "guild"] = "user"

    def key(self, guild_id: int, user_id: int | None = None) -> str:
        """The limiter key for this bucket: per user within a guild, or per guild."""
        if self.per == "guild" or user_id is None:
            return str(guild_id)
        return f"{guild_id}:{user_id}"


DEFAULT_BUCKETS: Mapping[str, BucketSpec] = {
    "commands": BucketSpec(5, 10.0, "user"),
    "messages": BucketSpec(10, 5.0, "user"),
    "reactions": BucketSpec(20, 10.0, "user"),
    "joins": BucketSpec(10, 10.0, "guild"),
    # Outgoing Discord API calls made by automod actions, so a raid cannot make Aegis
    # exhaust the bot's own Discord rate limits.
    "automod_actions": BucketSpec(30, 60.0, "guild"),
}


@dataclass(frozen=True, slots=True)
class ResolvedBuckets:
    buckets: Mapping[str, BucketSpec]
    errors: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors


def resolve_buckets(overrides: object | None) -> ResolvedBuckets:
    """Defaults with a guild's JSON overrides, e.g. `{"messages": {"limit": 8, "window_s": 4}}`.

    Never raises: each bad value is reported and that value keeps its default, so a
    stored setting that went bad cannot stop the bot; callers that save settings refuse
    them while `errors` is non-empty.
    """
    buckets = dict(DEFAULT_BUCKETS)
    if overrides is None:
        return ResolvedBuckets(buckets)
    if not isinstance(overrides, Mapping):
        return ResolvedBuckets(buckets, (f"rate limits must be an object, got {overrides!r}",))
    errors: list[str] = []
    for name, values in overrides.items():
        if name not in buckets:
            known = ", ".join(DEFAULT_BUCKETS)
            errors.append(f"unknown rate-limit bucket {name!r} (known: {known})")
            continue
        if not isinstance(values, Mapping):
            errors.append(f'{name} must be an object like {{"limit": 5, "window_s": 10}}, got {values!r}')
            continue
        changes: dict[str, object] = {}
        for setting, raw in values.items():
            if setting == "limit":
                if _is_whole(raw) and 1 <= raw <= MAX_LIMIT:
                    changes["limit"] = int(raw)
                else:
                    errors.append(f"{name}.limit must be a whole number from 1 to {MAX_LIMIT}, got {raw!r}")
            elif setting == "window_s":
                if _is_number(raw) and 0 < raw <= MAX_WINDOW_S:
                    changes["window_s"] = float(raw)
                else:
                    errors.append(
                        f"{name}.window_s must be a number of seconds above 0 and at most {MAX_WINDOW_S:g}, got {raw!r}"
                    )
            else:
                errors.append(f"{name}: unknown setting {setting!r} (known: limit, window_s)")
        buckets[name] = replace(buckets[name], **changes)
    return ResolvedBuckets(buckets, tuple(errors))


def _is_number(value: object) -> bool:
    # bool is an int subclass; `true` in JSON is not a limit.
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _is_whole(value: object) -> bool:
    return _is_number(value) and float(value).is_integer()
