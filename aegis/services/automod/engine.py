"""Runs every enabled rule on a message or a join and turns hits into verdicts.

Called for every message on the gateway loop, so the per-message path does no parsing or
compiling (settings arrive compiled from the provider) and only the rules' own checks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aegis.services.automod.context import JoinContext, MessageContext, Standing
from aegis.services.automod.incidents import IncidentTracker
from aegis.services.automod.rules import JOIN_RULES, MESSAGE_RULES, Hit, RuleSettings
from aegis.services.automod.rules.history import RecentIds
from aegis.services.automod.settings import AutomodSettings
from aegis.services.automod.verdict import Action, Verdict

log = logging.getLogger("aegis.services.automod")

# guild_id -> that guild's parsed settings. Cache per guild and settings version: the
# engine relies on getting the same object back to avoid recompiling patterns.
SettingsProvider = Callable[[int], AutomodSettings]


class AutomodEngine:
    """Not thread-safe by design: it lives on the gateway's event loop, where a lock would
    only cost time. Give each thread (or shard process) its own engine."""

    def __init__(self, settings_provider: SettingsProvider) -> None:
        self._settings = settings_provider
        # Rule instances hold the per-member histories, across settings changes.
        self._message_rules = [rule() for rule in MESSAGE_RULES]
        self._join_rules = [rule() for rule in JOIN_RULES]
        self._incidents = IncidentTracker()
        self._plans: dict[int, _Plan] = {}  # guild -> the rules its current settings run
        self._messages = RecentIds()

    def first_sighting(self, message_id: int) -> bool:
        """False for a message id already counted: a replayed MESSAGE_CREATE counts (and punishes) once."""
        return self._messages.first_sighting(message_id)

    def check_message(self, ctx: MessageContext) -> list[Verdict]:
        """Triggered verdicts, most severe first; [] for a clean message."""
        settings = self._settings(ctx.guild_id)
        plan = self._plans.get(ctx.guild_id)
        if plan is None or plan.settings is not settings:
            plan = self._plans[ctx.guild_id] = _Plan(settings, self._message_rules)
        if (
            plan.off
            or ctx.author_standing >= plan.exempt_from
            or ctx.channel_id in settings.exempt_channel_ids
            or (plan.exempt_roles and not plan.exempt_roles.isdisjoint(ctx.author_role_ids))
        ):
            return []
        verdicts = []
        for rule, rs, exempt_channels, exempt_roles in plan.edits if ctx.is_edit else plan.messages:
            if (exempt_channels and ctx.channel_id in exempt_channels) or (
                exempt_roles and not exempt_roles.isdisjoint(ctx.author_role_ids)
            ):
                continue
            try:
                hit = rule.check(ctx, rs)
            except Exception:  # one broken rule must not switch the others off
                log.exception("automod rule %s failed on message %s", rule.name, ctx.message_id)
                continue
            if hit is not None:
                verdicts.append(self._verdict(rule.name, rs, settings, hit, ctx.guild_id, ctx.author_id, ctx.timestamp))
        if len(verdicts) > 1:
            verdicts.sort(key=lambda v: -v.severity)
        return verdicts

    def check_join(self, ctx: JoinContext) -> list[Verdict]:
        settings = self._settings(ctx.guild_id)
        if not settings.enabled:
            return []
        verdicts = []
        for rule in self._join_rules:
            rs = settings.rules.get(rule.name)
            if rs is None or not rs.enabled:
                continue
            try:
                hit = rule.check(ctx, rs)
            except Exception:
                log.exception("automod rule %s failed on join of %s", rule.name, ctx.user_id)
                continue
            if hit is not None:
                # A raid is one incident for the whole guild, not one per joiner.
                who = 0 if rule.name == "join_rate" else ctx.user_id
                verdicts.append(self._verdict(rule.name, rs, settings, hit, ctx.guild_id, who, ctx.timestamp))
        verdicts.sort(key=lambda v: -v.severity)
        return verdicts

    def _verdict(
        self, name: str, rs: RuleSettings, settings: AutomodSettings, hit: Hit, guild_id: int, who: int, now: float
    ) -> Verdict:
        new, fresh = self._incidents.record((guild_id, who, name), now, rs.cooldown_s, hit.message_ids)
        deletes = rs.delete_message or rs.action is Action.DELETE
        return Verdict(
            rule=name,
            reason=hit.reason,
            action=rs.action,
            matched=hit.matched,
            counts=hit.counts,
            timeout_seconds=rs.timeout_seconds if rs.action is Action.TIMEOUT else None,
            delete_message_ids=fresh if deletes else (),
            related_message_ids=hit.message_ids,
            related_user_ids=hit.user_ids,
            new_incident=new,
            dry_run=settings.dry_run or rs.dry_run,
        )


class _Plan:
    """The message rules one settings object runs, worked out once per settings version rather than per
    message: enabled rules only, each with its exemptions (None when it has none)."""

    __slots__ = ("settings", "off", "exempt_from", "exempt_roles", "messages", "edits")

    def __init__(self, settings: AutomodSettings, rules: list) -> None:
        self.settings = settings
        self.off = not settings.enabled
        self.exempt_from = Standing.MODERATOR if settings.exempt_moderators else Standing.ADMINISTRATOR
        self.exempt_roles = settings.exempt_role_ids or None
        self.messages = tuple(
            (rule, rs, rs.exempt_channel_ids or None, rs.exempt_role_ids or None)
            for rule in rules
            if (rs := settings.rules.get(rule.name)) is not None and rs.enabled
        )
        self.edits = tuple(entry for entry in self.messages if entry[0].checks_edits)
