"""Mass mentions: many pings in one message, or across a short window."""

from __future__ import annotations

from dataclasses import dataclass

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import action_choice, number, whole
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings
from aegis.services.automod.rules.history import SlidingHistory
from aegis.services.automod.verdict import Action


@dataclass(frozen=True)
class MentionsSettings(RuleSettings):
    action: Action = action_choice(Action.TIMEOUT, "what happens to the member")
    per_message: int = whole(5, 1, 100, "distinct mentions (users, roles, @everyone) allowed in one message")
    per_window: int = whole(10, 1, 500, "mentions allowed across the window")
    window_s: float = number(20.0, 1, 600, "length of the sliding window in seconds")


def count_mentions(ctx: MessageContext) -> int:
    if not (ctx.mention_user_ids or ctx.mention_role_ids or ctx.mentions_everyone):
        return 0  # almost every message
    return len(set(ctx.mention_user_ids)) + len(set(ctx.mention_role_ids)) + ctx.mentions_everyone


class MentionsRule(MessageRule[MentionsSettings]):
    name = "mentions"
    settings_type = MentionsSettings

    def __init__(self) -> None:
        self._history = SlidingHistory(maxlen=100)

    def check(self, ctx: MessageContext, settings: MentionsSettings) -> Hit | None:
        count = count_mentions(ctx)
        if count == 0:
            return None
        if count > settings.per_message:
            return Hit(
                reason=f"{count} mentions in one message (limit {settings.per_message})",
                counts={"mentions": count, "limit": settings.per_message},
                message_ids=(ctx.message_id,),
            )
        if ctx.is_edit:
            return None  # an edit re-sends its pings only once; do not count it twice
        events = self._history.add(
            (ctx.guild_id, ctx.author_id), ctx.timestamp, (ctx.message_id, count), settings.window_s
        )
        total = sum(n for _, (_, n) in events)
        if total <= settings.per_window:
            return None
        return Hit(
            reason=f"{total} mentions in {settings.window_s:g}s (limit {settings.per_window})",
            counts={"mentions": total, "limit": settings.per_window, "window_s": settings.window_s},
            message_ids=tuple(mid for _, (mid, _) in events),
        )
