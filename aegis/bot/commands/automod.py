"""/automod: see and change the server's automod rules, exemptions and rate limits from Discord."""

import io
import json
from typing import Any, Literal

import discord
from discord import app_commands

from aegis.bot.commands.common import NO_PINGS, start
from aegis.domain.actors import Actor
from aegis.domain.refusals import Refusal
from aegis.services.automod.fields import json_value, to_json
from aegis.services.ratelimit import DEFAULT_BUCKETS, BucketSpec
from aegis.services.settings.automod import (
    ALL,
    BUCKET_USES,
    AutomodConfig,
    AutomodView,
    Changed,
    find_bucket,
    find_rule,
    find_setting,
    rule_names,
    settings_of,
    suggest,
)

MESSAGE_LIMIT = 2000
VALUE_LIMIT = 300  # characters of one setting's value in a listing; the attached file has all of it

# ---- words: the one place where automod settings become what a moderator reads in Discord ----


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
        return f"⛔ {change.reason}"
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


def pages(text: str, size: int = MESSAGE_LIMIT) -> list[str]:
    """Whole lines per message, each at most `size` characters."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line[:size]
        if out and len(out[-1]) + 1 + len(line) <= size:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


async def send(interaction: discord.Interaction, text: str, file: discord.File | None = None) -> None:
    chunks = pages(text)
    for n, chunk in enumerate(chunks):
        extra = {"file": file} if file is not None and n == len(chunks) - 1 else {}
        await interaction.followup.send(chunk, ephemeral=True, allowed_mentions=NO_PINGS, **extra)


# ---- autocomplete ----


def choices(names) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=n, value=n) for n in names]


async def rule_choices(_interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return choices(suggest(rule_names(), current))


async def setting_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    rule = find_rule(getattr(interaction.namespace, "rule", None) or "")
    return [] if isinstance(rule, Refusal) else choices(suggest(list(settings_of(rule)), current))


async def list_setting_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    rule = find_rule(getattr(interaction.namespace, "rule", None) or "")
    if isinstance(rule, Refusal):
        return []
    return choices(suggest([n for n, info in settings_of(rule).items() if info.is_list], current))


async def value_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    namespace = interaction.namespace
    target = find_setting(getattr(namespace, "rule", None) or "", getattr(namespace, "setting", None) or "")
    if isinstance(target, Refusal):
        return []
    options = {"flag": ["on", "off"], "choice": list(target.info.options)}.get(target.info.kind, [])
    if target.info.is_list:
        options = ["none"]
    return choices(suggest([*options, "default"], current))


async def bucket_choices(_interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return choices(suggest(list(DEFAULT_BUCKETS), current))


# ---- the commands ----


def register(tree: app_commands.CommandTree, config: AutomodConfig) -> None:
    group = app_commands.Group(
        name="automod",
        description="This server's automod rules and rate limits.",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    exempt = app_commands.Group(name="exempt", description="Roles and channels automod skips.", parent=group)
    lists = app_commands.Group(name="list", description="Add to or remove from a list setting.", parent=group)

    def actor(interaction: discord.Interaction) -> Actor:
        return Actor.moderator(interaction.user.id)

    async def reply(interaction: discord.Interaction, change: Changed | Refusal) -> None:
        await send(interaction, changed_text(change))

    @group.command(name="show", description="Automod at a glance; with a rule, each of its settings.")
    @app_commands.describe(rule="a rule (or all for the server-wide settings); leave empty for the overview")
    @app_commands.autocomplete(rule=rule_choices)
    async def show(interaction: discord.Interaction, rule: str | None = None):
        await start(interaction)
        view = await config.view(interaction.guild_id)
        if rule is None:
            return await send(interaction, overview(view))
        found = find_rule(rule)
        if isinstance(found, Refusal):
            return await send(interaction, f"⛔ {found.reason}")
        text, whole = rule_details(view, found)
        file = None
        if whole is not None:
            text += "\n(Long lists are cut short above; the attached file has all of them.)"
            data = json.dumps(whole, indent=2).encode()
            file = discord.File(io.BytesIO(data), filename=f"automod-{found}.json")
        await send(interaction, text, file)

    @group.command(name="set", description="Change one setting of a rule (or of all): the reply shows old → new.")
    @app_commands.describe(
        rule="a rule, or all for the server-wide settings",
        setting="which setting",
        value="e.g. 8, 10m, on, timeout, or a list: spam, scam*; default resets it",
    )
    @app_commands.autocomplete(rule=rule_choices, setting=setting_choices, value=value_choices)
    async def set_(interaction: discord.Interaction, rule: str, setting: str, value: str):
        await start(interaction)
        await reply(interaction, await config.set(interaction.guild_id, actor(interaction), rule, setting, value))

    @group.command(name="dry-run", description="A rule (or all) only logs what it would do, or acts again.")
    @app_commands.describe(rule="a rule, or all for every rule", state="on: log only; off: act")
    @app_commands.autocomplete(rule=rule_choices)
    async def dry_run(interaction: discord.Interaction, rule: str, state: Literal["on", "off"]):
        await start(interaction)
        await reply(
            interaction, await config.switch(interaction.guild_id, actor(interaction), rule, "dry_run", state == "on")
        )

    @group.command(name="enable", description="Switch a rule (or all of automod) on or off.")
    @app_commands.describe(rule="a rule, or all for automod as a whole", state="on or off")
    @app_commands.autocomplete(rule=rule_choices)
    async def enable(interaction: discord.Interaction, rule: str, state: Literal["on", "off"]):
        await start(interaction)
        await reply(
            interaction, await config.switch(interaction.guild_id, actor(interaction), rule, "enabled", state == "on")
        )

    async def exemption(interaction: discord.Interaction, add: bool, role, channel, rule: str | None) -> None:
        await start(interaction)
        if (role is None) == (channel is None):
            return await send(interaction, "⛔ Give a role or a channel (one of the two).")
        kind, target = ("role", role) if role is not None else ("channel", channel)
        await reply(
            interaction,
            await config.exempt(interaction.guild_id, actor(interaction), kind, target.id, add=add, rule=rule),
        )

    @exempt.command(name="add", description="Automod (or one rule) skips this role's members or this channel.")
    @app_commands.describe(rule="only this rule; leave empty for every rule")
    @app_commands.autocomplete(rule=rule_choices)
    async def exempt_add(
        interaction: discord.Interaction,
        role: discord.Role | None = None,
        channel: discord.abc.GuildChannel | None = None,
        rule: str | None = None,
    ):
        await exemption(interaction, True, role, channel, rule)

    @exempt.command(name="remove", description="Automod (or one rule) checks this role or channel again.")
    @app_commands.describe(rule="only this rule; leave empty for every rule")
    @app_commands.autocomplete(rule=rule_choices)
    async def exempt_remove(
        interaction: discord.Interaction,
        role: discord.Role | None = None,
        channel: discord.abc.GuildChannel | None = None,
        rule: str | None = None,
    ):
        await exemption(interaction, False, role, channel, rule)

    @exempt.command(name="moderators", description="Automod skips members with Manage Messages (on), or checks them.")
    @app_commands.describe(state="on: skip them (the default); off: check them like everyone else")
    async def exempt_moderators(interaction: discord.Interaction, state: Literal["on", "off"]):
        await start(interaction)
        change = await config.switch(interaction.guild_id, actor(interaction), ALL, "exempt_moderators", state == "on")
        await reply(interaction, change)

    @lists.command(name="add", description="Add entries to a list setting, e.g. words to the words rule.")
    @app_commands.describe(values="comma-separated, e.g. scam*, free nitro; or a JSON list if one holds a comma")
    @app_commands.autocomplete(rule=rule_choices, setting=list_setting_choices)
    async def list_add(interaction: discord.Interaction, rule: str, setting: str, values: str):
        await start(interaction)
        change = await config.add_items(interaction.guild_id, actor(interaction), rule, setting, values)
        await reply(interaction, change)

    @lists.command(name="remove", description="Remove entries from a list setting.")
    @app_commands.describe(values="comma-separated, as they are listed in /automod show")
    @app_commands.autocomplete(rule=rule_choices, setting=list_setting_choices)
    async def list_remove(interaction: discord.Interaction, rule: str, setting: str, values: str):
        await start(interaction)
        change = await config.remove_items(interaction.guild_id, actor(interaction), rule, setting, values)
        await reply(interaction, change)

    @group.command(name="ratelimit", description="Show the rate limits, or set or reset one bucket's.")
    @app_commands.describe(
        bucket="which bucket; leave empty to see them all",
        limit="hits allowed per window (1-1000)",
        window="seconds, or a duration like 10s or 2m",
        reset="go back to the default",
    )
    @app_commands.autocomplete(bucket=bucket_choices)
    async def ratelimit(
        interaction: discord.Interaction,
        bucket: str | None = None,
        limit: int | None = None,
        window: str | None = None,
        reset: bool = False,
    ):
        await start(interaction)
        if bucket is None:
            return await send(interaction, rate_limits_text(await config.view(interaction.guild_id)))
        name = find_bucket(bucket)
        if isinstance(name, Refusal):
            return await send(interaction, f"⛔ {name.reason}")
        if reset:
            change = await config.reset_rate_limit(interaction.guild_id, actor(interaction), name)
            return await reply(interaction, change)
        if limit is None and window is None:
            return await send(interaction, rate_limits_text(await config.view(interaction.guild_id), only=name))
        await reply(
            interaction, await config.set_rate_limit(interaction.guild_id, actor(interaction), name, limit, window)
        )

    tree.add_command(group)
