"""Every sentence /automod answers with: rules, settings and rate limits as a moderator reads them in Discord."""

from typing import Any

from aegis.domain.refusals import Refusal
from aegis.services.automod.fields import json_value, to_json
from aegis.services.ratelimit import DEFAULT_BUCKETS, BucketSpec
from aegis.services.settings.automod import BUCKET_USES, AutomodView, Changed
from aegis.services.settings.automod_lookup import ALL, settings_of
from aegis.services.wording.moderation import refused

NEED_ROLE_OR_CHANNEL = "Give a role or a channel (one of the two)."
CUT_SHORT = "(Long lists are cut short above; the attached file has all of them.)"
VALUE_LIMIT = 300  # characters of one setting's value in a listing; the attached file has all of it


def shown(setting: str, value: Any, limit: int = VALUE_LIMIT) -> str:
    if isinstance(value, BucketSpec):
        return f"{value.limit} per {value.window_s:g} s"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    if setting.endswith("_role_id"):
        return f"<@&{value}>" if value else "none"
    if isinstance(value, list | tuple | frozenset):
        return _listed(setting, list(value), limit)
    return str(value)


def _listed(setting: str, values: list, limit: int) -> str:
    if not values:
        return "none"
    if setting.endswith("role_ids"):
        parts = [f"<@&{v}>" for v in values]
    elif setting.endswith("channel_ids"):
        parts = [f"<#{v}>" for v in values]
    else:
        parts = [f"`{v}`" for v in values]
    text, count = "", 0
    for part in parts:
        if len(text) + len(part) + 2 > limit:
            return f"{text} … (+{len(parts) - count} more)"
        text, count = f"{text}, {part}" if text else part, count + 1
    return text


def changed_text(change: Changed | Refusal) -> str:
    if isinstance(change, Refusal):
        return refused(change)
    name = change.setting.rsplit(".", 1)[-1]
    if change.version is None:
        return f"ℹ️ `{change.setting}` is already {shown(name, change.new)}; nothing was changed."
    lines = [f"✅ `{change.setting}`: {shown(name, change.old)} → {shown(name, change.new)}"]
    if change.still_invalid:
        lines.append("⚠️ Stored earlier and still not valid (their defaults apply): " + "; ".join(change.still_invalid))
    return "\n".join(lines)


def overview(view: AutomodView) -> str:
    automod = view.automod
    head = f"**Automod** is **{'on' if automod.enabled else 'off'}** in this server"
    if automod.dry_run:
        head += " · **dry run** for every rule: they only log what they would do"
    lines = [
        head,
        "Never checked: the owner and administrators; "
        + ("members with Manage Messages; " if automod.exempt_moderators else "")
        + f"roles {shown('exempt_role_ids', sorted(automod.exempt_role_ids))}; "
        f"channels {shown('exempt_channel_ids', sorted(automod.exempt_channel_ids))}",
        "**Rules**",
    ]
    for name, rule in automod.rules.items():
        parts = ["on" if rule.enabled else "**off**"]
        if rule.dry_run:
            parts.append("**dry run**")
        parts.append(f"action {rule.action.value}")
        if rule.exempt_role_ids or rule.exempt_channel_ids:
            parts.append(f"skips {len(rule.exempt_role_ids)} role(s), {len(rule.exempt_channel_ids)} channel(s)")
        lines.append(f"`{name}` " + " · ".join(parts))
    if view.errors:
        lines.append("⚠️ Stored values that are not valid (their defaults apply): " + "; ".join(view.errors))
    lines.append("`/automod show rule:<name>` for one rule's settings; `/automod ratelimit` for rate limits.")
    return "\n".join(lines)


def rule_details(view: AutomodView, rule: str) -> tuple[str, dict | None]:
    """The rule's settings, one line each; and the whole of them for a file when a value had to be cut short."""
    values = view.automod.to_json() if rule == ALL else to_json(view.automod.rule(rule))
    values = {name: values[name] for name in settings_of(rule)}
    title = "**Server-wide automod settings** (`all`)" if rule == ALL else f"**`{rule}`**"
    lines, cut = [title], False
    for name, info in settings_of(rule).items():
        value, default = values[name], json_value(info.default)
        text = shown(name, value)
        cut = cut or text != shown(name, value, limit=1 << 30)
        fallback = " (default)" if value == default else f" (default {shown(name, default, limit=80)})"
        lines.append(f"`{name}` = **{text}**{fallback} — {info.doc}")
    return "\n".join(lines), (values if cut else None)


def rate_limits_text(view: AutomodView, only: str | None = None) -> str:
    lines = ["**Rate limits**"] if only is None else []
    for name, spec in view.buckets.buckets.items():
        if only is not None and name != only:
            continue
        default = DEFAULT_BUCKETS[name]
        per = "member" if spec.per == "user" else "server"
        fallback = " (default)" if spec == default else f" (default {shown(name, default)})"
        lines.append(f"`{name}` **{shown(name, spec)}** per {per}{fallback} — {BUCKET_USES[name]}")
    if view.buckets.errors:
        lines.append("⚠️ Stored values that are not valid (their defaults apply): " + "; ".join(view.buckets.errors))
    return "\n".join(lines)
