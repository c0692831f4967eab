"""/automod: see and change the server's automod rules, exemptions and rate limits from Discord."""

import io
import json
from typing import Literal

import discord
from discord import app_commands

from aegis.bot.commands.common import moderator
from aegis.bot.replies import answer_pages
from aegis.domain.refusals import Refusal
from aegis.services.ratelimit import DEFAULT_BUCKETS
from aegis.services.settings.automod import AutomodConfig, Changed
from aegis.services.settings.automod_lookup import (
    ALL,
    find_bucket,
    find_rule,
    find_setting,
    rule_names,
    settings_of,
    suggest,
)
from aegis.services.wording import automod as words
from aegis.services.wording.moderation import refused

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

    async def reply(interaction: discord.Interaction, change: Changed | Refusal) -> None:
        await answer_pages(interaction, words.changed_text(change))

    @group.command(name="show", description="Automod at a glance; with a rule, each of its settings.")
    @app_commands.describe(rule="a rule (or all for the server-wide settings); leave empty for the overview")
    @app_commands.autocomplete(rule=rule_choices)
    async def show(interaction: discord.Interaction, rule: str | None = None):
        view = await config.view(interaction.guild_id, moderator(interaction))
        if isinstance(view, Refusal):
            return await answer_pages(interaction, refused(view))
        if rule is None:
            return await answer_pages(interaction, words.overview(view))
        found = find_rule(rule)
        if isinstance(found, Refusal):
            return await answer_pages(interaction, refused(found))
        text, whole = words.rule_details(view, found)
        file = None
        if whole is not None:
            text += "\n" + words.CUT_SHORT
            data = json.dumps(whole, indent=2).encode()
            file = discord.File(io.BytesIO(data), filename=f"automod-{found}.json")
        await answer_pages(interaction, text, file)

    @group.command(name="set", description="Change one setting of a rule (or of all): the reply shows old → new.")
    @app_commands.describe(
        rule="a rule, or all for the server-wide settings",
        setting="which setting",
        value="e.g. 8, 10m, on, timeout, or a list: spam, scam*; default resets it",
    )
    @app_commands.autocomplete(rule=rule_choices, setting=setting_choices, value=value_choices)
    async def set_(interaction: discord.Interaction, rule: str, setting: str, value: str):
        await reply(interaction, await config.set(interaction.guild_id, moderator(interaction), rule, setting, value))

    @group.command(name="dry-run", description="A rule (or all) only logs what it would do, or acts again.")
    @app_commands.describe(rule="a rule, or all for every rule", state="on: log only; off: act")
    @app_commands.autocomplete(rule=rule_choices)
    async def dry_run(interaction: discord.Interaction, rule: str, state: Literal["on", "off"]):
        await reply(
            interaction,
            await config.switch(interaction.guild_id, moderator(interaction), rule, "dry_run", state == "on"),
        )

    @group.command(name="enable", description="Switch a rule (or all of automod) on or off.")
    @app_commands.describe(rule="a rule, or all for automod as a whole", state="on or off")
    @app_commands.autocomplete(rule=rule_choices)
    async def enable(interaction: discord.Interaction, rule: str, state: Literal["on", "off"]):
        await reply(
            interaction,
            await config.switch(interaction.guild_id, moderator(interaction), rule, "enabled", state == "on"),
        )

    async def exemption(interaction: discord.Interaction, add: bool, role, channel, rule: str | None) -> None:
        if (role is None) == (channel is None):
            return await answer_pages(interaction, refused(words.NEED_ROLE_OR_CHANNEL))
        kind, target = ("role", role) if role is not None else ("channel", channel)
        await reply(
            interaction,
            await config.exempt(interaction.guild_id, moderator(interaction), kind, target.id, add=add, rule=rule),
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
        change = await config.switch(
            interaction.guild_id, moderator(interaction), ALL, "exempt_moderators", state == "on"
        )
        await reply(interaction, change)

    @lists.command(name="add", description="Add entries to a list setting, e.g. words to the words rule.")
    @app_commands.describe(values="comma-separated, e.g. scam*, free nitro; or a JSON list if one holds a comma")
    @app_commands.autocomplete(rule=rule_choices, setting=list_setting_choices)
    async def list_add(interaction: discord.Interaction, rule: str, setting: str, values: str):
        change = await config.add_items(interaction.guild_id, moderator(interaction), rule, setting, values)
        await reply(interaction, change)

    @lists.command(name="remove", description="Remove entries from a list setting.")
    @app_commands.describe(values="comma-separated, as they are listed in /automod show")
    @app_commands.autocomplete(rule=rule_choices, setting=list_setting_choices)
    async def list_remove(interaction: discord.Interaction, rule: str, setting: str, values: str):
        change = await config.remove_items(interaction.guild_id, moderator(interaction), rule, setting, values)
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
        view = await config.view(interaction.guild_id, moderator(interaction))
        if isinstance(view, Refusal):
            return await answer_pages(interaction, refused(view))
        if bucket is None:
            return await answer_pages(interaction, words.rate_limits_text(view))
        name = find_bucket(bucket)
        if isinstance(name, Refusal):
            return await answer_pages(interaction, refused(name))
        if reset:
            change = await config.reset_rate_limit(interaction.guild_id, moderator(interaction), name)
            return await reply(interaction, change)
        if limit is None and window is None:
            return await answer_pages(interaction, words.rate_limits_text(view, only=name))
        await reply(
            interaction, await config.set_rate_limit(interaction.guild_id, moderator(interaction), name, limit, window)
        )

    tree.add_command(group)
