"""Join rules: brand-new accounts, and a burst of joins (a raid)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from aegis.domain.durations import describe
from aegis.domain.raids import RaidAction
from aegis.services.automod.context import JoinContext
from aegis.services.automod.fields import action_choice, choice, flag, number, whole
from aegis.services.automod.rules.base import MAX_TIMEOUT_S, Hit, JoinRule, RuleSettings, over_limit_reason
from aegis.services.automod.verdict import Action


@dataclass(frozen=True)
class NewAccountSettings(RuleSettings):
    action: Action = action_choice(Action.ALERT, "what happens to the member")
    min_age_days: float = number(3.0, 0.01, 365, "accounts younger than this many days trip the rule")


def _age(seconds: float) -> str:
    return describe(timedelta(seconds=max(0.0, seconds)))


class NewAccountRule(JoinRule[NewAccountSettings]):
    name = "new_account"
    settings_type = NewAccountSettings

    def check(self, ctx: JoinContext, settings: NewAccountSettings) -> Hit | None:
        age = ctx.account_age_s
        if age >= settings.min_age_days * 86400:
            return None
        return Hit(
            reason=f"account created {_age(age)} before joining (minimum {settings.min_age_days:g} days)",
            counts={"account_age_s": round(age), "min_age_days": settings.min_age_days},
            user_ids=(ctx.user_id,),
        )


@dataclass(frozen=True)
class JoinRateSettings(RuleSettings):
    action: Action = action_choice(Action.ALERT, "alert: one case per spike; none: only logged")
    cooldown_s: float = number(300.0, 0, 3600, "quiet time (no joins) that switches raid mode off again")
    raid_mode: bool = flag(True, "a spike switches the guild into raid mode")
    raid_action: str = choice(
        RaidAction.TIMEOUT.value,
        [a.value for a in RaidAction],
        "what raid mode does to each member who joins while it is on",
    )
    timeout_seconds: int = whole(3600, 60, MAX_TIMEOUT_S, "length of raid mode's timeout")
    hold_role_id: int = whole(0, 0, 2**63 - 1, "the role raid mode holds joiners in (raid_action hold); 0: none")

    def prepare(self) -> list[str]:
        if self.raid_action == RaidAction.HOLD and not self.hold_role_id:
            return ["join_rate.raid_action hold needs join_rate.hold_role_id (the role that holds joiners)"]
        return []


class JoinRateRule(JoinRule[JoinRateSettings]):
    """A spike is the guild's `joins` rate-limit bucket refusing a join. The bucket is the one threshold (its limit
    and window are the guild's rate-limit settings); whoever builds the JoinContext hits it, so this rule only
    reads the answer and keeps no history of its own."""

    name = "join_rate"
    settings_type = JoinRateSettings

    def check(self, ctx: JoinContext, settings: JoinRateSettings) -> Hit | None:
        window = ctx.window
        if window is None or not window.refused:
            return None
        return Hit(
            reason=over_limit_reason(window.joins, "joins", window.window_s, window.limit) + ": possible raid",
            counts={"joins": window.joins, "limit": window.limit, "window_s": window.window_s},
            user_ids=window.user_ids,
        )
