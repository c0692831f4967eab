"""Too many messages from one member in a short window (the classic flood)."""

from __future__ import annotations

from dataclasses import dataclass

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import action_choice, number, whole
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings, over_limit_reason
from aegis.services.automod.rules.history import SlidingHistory
from aegis.services.automod.verdict import Action


@dataclass(frozen=True)
class MessageRateSettings(RuleSettings):
    action: Action = action_choice(Action.TIMEOUT, "what happens to the member")
    limit: int = whole(6, 1, 100, "messages allowed per window; one more trips the rule")
    window_s: float = number(5.0, 1, 300, "length of the sliding window in seconds")


class MessageRateRule(MessageRule[MessageRateSettings]):
    name = "message_rate"
    settings_type = MessageRateSettings
    checks_edits = False

    def __init__(self) -> None:
        self._history = SlidingHistory(maxlen=101)

    def check(self, ctx: MessageContext, settings: MessageRateSettings) -> Hit | None:
        events = self._history.add((ctx.guild_id, ctx.author_id), ctx.timestamp, ctx.message_id, settings.window_s)
        count = len(events)
        if count <= settings.limit:
            return None
        return Hit(
            reason=over_limit_reason(count, "messages", settings.window_s, settings.limit),
            counts={"messages": count, "limit": settings.limit, "window_s": settings.window_s},
            message_ids=tuple(mid for _, mid in events),
        )
