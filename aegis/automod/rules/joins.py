"""Join rules: brand-new accounts, and a burst of joins (a raid)."""

from __future__ import annotations

from dataclasses import dataclass

from aegis.automod.context import JoinContext
from aegis.automod.fields import action_choice, choice, flag, number, whole
from aegis.automod.rules.base import Hit, JoinRule, RuleSettings, over_limit_reason
from aegis.automod.rules.history import SlidingHistory
from aegis.automod.verdict import Action
from aegis.domain.raids import RaidAction


@dataclass(frozen=True)
class NewAccountSettings(RuleSettings):
    action: Action = action_choice(Action.ALERT, "what happens to the member")
    min_age_days: float = number(3.0, 0.01, 365, "accounts younger than this many days trip the rule")


def _age(seconds: float) -> str:
    if seconds < 3600:
        return f"{max(0, int(seconds // 60))} minutes"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} hours"
    return f"{seconds / 86400:.1f} days"


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
    action: Action = action_choice(Action.ALERT, "what the spike itself records: alert tells moderators")
    cooldown_s: float = number(300.0, 0, 3600, "quiet time (no joins) that switches raid mode off again")
    raid_mode: bool = flag(True, "a spike switches the guild into raid mode")
    raid_action: str = choice(RaidAction.TIMEOUT.value, [a.value for a in RaidAction],
                              "what raid mode does to each member who joins while it is on")
    timeout_seconds: int = whole(3600, 60, 28 * 24 * 3600, "length of raid mode's timeout")
    hold_role_id: int = whole(0, 0, 2**63 - 1, "the role raid mode holds joiners in (raid_action hold); 0: none")

    def prepare(self) -> list[str]:
        if self.raid_action == RaidAction.HOLD and not self.hold_role_id:
            return ["join_rate.raid_action hold needs join_rate.hold_role_id (the role that holds joiners)"]
        return []
    limit: int = whole(10, 1, 1000, "joins allowed per window; one more is a raid signal")
    window_s: float = number(30.0, 1, 3600, "length of the sliding window in seconds")


class JoinRateRule(JoinRule[JoinRateSettings]):
    name = "join_rate"
    settings_type = JoinRateSettings

    def __init__(self) -> None:
        self._history = SlidingHistory(maxlen=1001)

    def check(self, ctx: JoinContext, settings: JoinRateSettings) -> Hit | None:
        events = self._history.add(ctx.guild_id, ctx.timestamp, ctx.user_id, settings.window_s)
        if len(events) <= settings.limit:
            return None
        return Hit(
            reason=over_limit_reason(len(events), "joins", settings.window_s, settings.limit) + ": possible raid",
            counts={"joins": len(events), "limit": settings.limit, "window_s": settings.window_s},
            user_ids=tuple(uid for _, uid in events),
        )
