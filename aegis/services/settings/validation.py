"""A whole set of guild settings, as a file gives them, checked before anything is stored.

Every problem is reported at once, each saying what was wrong and what would be right; a setting the file
leaves out is unset (ids, warning lifetime) or takes its default (the rest), as a fresh guild would have it."""

from datetime import timedelta
from typing import Any

from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.ladder import parse_ladder
from aegis.domain.refusals import Refusal
from aegis.services.automod.settings import parse_settings
from aegis.services.community.welcome import check_message
from aegis.services.logs.kinds import KINDS, MODERATION
from aegis.services.ratelimit.buckets import resolve_buckets

DEFAULTS = GuildSettings(0).to_data()
OPTIONAL_IDS = ("mod_log_channel_id", "mute_role_id", "welcome_channel_id", "goodbye_channel_id")
FLAGS = ("dm_on_action", "forget_keeps_cases", "welcome_dm")
MESSAGES = ("welcome_message", "goodbye_message")
ID_LISTS = ("exempt_role_ids", "exempt_channel_ids")
TAG_CREATORS = ("moderators", "everyone")
AUTOROLE_KEYS = {"role_id", "delay_s", "after_screening"}
MAX_AUTOROLE_DELAY_S = 28 * 24 * 3600
MAX_LIFETIME_S = int(timedelta(days=3650).total_seconds())


def validate(raw: dict[str, Any]) -> dict[str, Any] | Refusal:
    problems: list[str] = []
    unknown = sorted(set(raw) - set(DEFAULTS))
    if unknown:
        problems.append(f"unknown setting(s) {', '.join(unknown)}; the settings are {', '.join(DEFAULTS)}")
    data = {**DEFAULTS, **{k: None for k in (*OPTIONAL_IDS, "warning_lifetime_s", *MESSAGES)}}
    for key in OPTIONAL_IDS:
        if key in raw:
            data[key] = _snowflake(raw[key], key, problems)
    for key in FLAGS:
        if key in raw:
            data[key] = raw[key] if isinstance(raw[key], bool) else problems.append(f"{key} must be true or false")
    for key in ID_LISTS:
        if key in raw:
            values = raw[key] if isinstance(raw[key], list) else [None]
            data[key] = sorted({_snowflake(v, f"{key} entry", problems) for v in values} - {None})
    if "warning_lifetime_s" in raw:
        data["warning_lifetime_s"] = _lifetime(raw["warning_lifetime_s"], problems)
    if "locale" in raw:
        data["locale"] = raw["locale"] if isinstance(raw["locale"], str) else problems.append("locale must be text")
    if "escalation" in raw:
        data["escalation"] = _ladder(raw["escalation"], problems)
    if "automod" in raw:
        problems += [f"automod: {e}" for e in parse_settings(raw["automod"]).errors]
        data["automod"] = raw["automod"]
    if "rate_limits" in raw:
        problems += [f"rate_limits: {e}" for e in resolve_buckets(raw["rate_limits"]).errors]
        data["rate_limits"] = raw["rate_limits"]
    if "retention" in raw:
        data["retention"] = _retention(raw["retention"], problems)
    if "logs" in raw:
        data["logs"] = _logs(raw["logs"], problems)
    for key in MESSAGES:
        if key in raw:
            data[key] = _message(raw[key], key, problems)
    if "autoroles" in raw:
        data["autoroles"] = _autoroles(raw["autoroles"], problems)
    if "tag_creators" in raw:
        data["tag_creators"] = _choice(raw["tag_creators"], "tag_creators", TAG_CREATORS, problems)
    if problems:
        return Refusal("settings_file", "The file was not applied: " + "; ".join(problems) + ".")
    return data


def _retention(value: Any, problems: list[str]) -> dict[str, int] | None:
    kinds = ("audit_days", "automod_days", "counters_days", "message_content_hours")
    if not isinstance(value, dict) or set(value) - set(kinds):
        problems.append(
            f"retention takes {', '.join(kinds)} (days, 0 keeps forever; message_content_hours in hours, 0 keeps"
            f" none), got {value!r}"
        )
        return None
    for kind, days in value.items():
        if not isinstance(days, int) or isinstance(days, bool):
            problems.append(f"retention.{kind} must be a whole number, got {days!r}")
        elif kind == "message_content_hours" and not 0 <= days <= 8760:
            problems.append(f"retention.{kind} must be hours from 0 (keep none) to 8760, got {days!r}")
        elif not 0 <= days <= 36500:
            problems.append(f"retention.{kind} must be days from 0 (forever) to 36500, got {days!r}")
    return dict(value)


def _logs(value: Any, problems: list[str]) -> dict[str, int] | None:
    """Event-log type → channel id. The moderation log is mod_log_channel_id, so it is not repeated here."""
    kinds = [kind for kind in KINDS if kind != MODERATION]
    if not isinstance(value, dict) or set(value) - set(kinds):
        problems.append(f"logs takes {', '.join(kinds)} (each a channel id), got {value!r}")
        return None
    return {kind: _snowflake(channel, f"logs.{kind}", problems) for kind, channel in sorted(value.items())}


def _message(value: Any, name: str, problems: list[str]) -> str | None:
    refusal = check_message(value) if isinstance(value, str) else Refusal("welcome_text", "it must be text")
    if refusal:
        problems.append(f"{name}: {refusal.reason}")
        return None
    return value


def _autoroles(value: Any, problems: list[str]) -> list[dict] | None:
    example = "[[autoroles]] role_id = 1049862734591127552 delay_s = 600 after_screening = false"
    if not isinstance(value, list) or not all(isinstance(r, dict) and set(r) <= AUTOROLE_KEYS for r in value):
        problems.append(f"autoroles must be a list of roles, e.g. {example}")
        return None
    rules = []
    for rule in value:
        delay = rule.get("delay_s", 0)
        if not isinstance(delay, int) or isinstance(delay, bool) or not 0 <= delay <= MAX_AUTOROLE_DELAY_S:
            problems.append(f"autoroles delay_s must be seconds from 0 to {MAX_AUTOROLE_DELAY_S}, got {delay!r}")
        screening = rule.get("after_screening", False)
        if not isinstance(screening, bool):
            problems.append("autoroles after_screening must be true or false")
        role_id = _snowflake(rule.get("role_id"), "autoroles role_id", problems)
        rules.append({"role_id": role_id, "delay_s": delay, "after_screening": screening})
    return rules


def _choice(value: Any, name: str, choices: tuple[str, ...], problems: list[str]) -> str | None:
    if value in choices:
        return value
    problems.append(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return None


def _snowflake(value: Any, name: str, problems: list[str]) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63:
        return value
    problems.append(f"{name} must be a Discord id (a positive whole number such as 1049862734591127552), got {value!r}")
    return None


def _lifetime(value: Any, problems: list[str]) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_LIFETIME_S:
        return value
    problems.append(
        f"warning_lifetime_s must be seconds between 1 and {MAX_LIFETIME_S} (leave it out: warnings never expire), "
        f"got {value!r}"
    )
    return None


def _ladder(value: Any, problems: list[str]) -> list[dict] | None:
    """Each rung is read the way /settings escalation reads it, so the file and the command agree."""
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        problems.append('escalation must be a list of rungs, e.g. [[escalation]] warnings = 3 action = "kick"')
        return None
    parts = []
    for rung in value:
        words = [str(rung.get("warnings", "?")), str(rung.get("action", "?"))]
        if rung.get("duration_s") is not None:
            words.append(f"{rung['duration_s']}s")
        parts.append(" ".join(words))
    ladder = parse_ladder(", ".join(parts)) if parts else ()
    if isinstance(ladder, Refusal):
        problems.append(f"escalation: {ladder.reason}")
        return None
    return [rung.to_dict() for rung in ladder]
