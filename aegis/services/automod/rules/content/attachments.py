"""Attachment spam: too many files from one member in a short window."""

from __future__ import annotations

from dataclasses import dataclass

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import action_choice, number, whole
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings, over_limit_reason
from aegis.services.automod.rules.history import SlidingHistory
from aegis.services.automod.verdict import Action


@dataclass(frozen=True)
class AttachmentsSettings(RuleSettings):
    action: Action = action_choice(Action.TIMEOUT, "what happens to the member")
    limit: int = whole(10, 1, 200, "attachments allowed per window (Discord allows 10 per message)")
    window_s: float = number(20.0, 1, 600, "length of the sliding window in seconds")


class AttachmentsRule(MessageRule[AttachmentsSettings]):
    name = "attachments"
    settings_type = AttachmentsSettings
    checks_edits = False

    def __init__(self) -> None:
        self._history = SlidingHistory(maxlen=100)

    def check(self, ctx: MessageContext, settings: AttachmentsSettings) -> Hit | None:
        if not ctx.attachments:
            return None
        events = self._history.add(
            (ctx.guild_id, ctx.author_id), ctx.timestamp, (ctx.message_id, len(ctx.attachments)), settings.window_s
        )
        total = sum(n for _, (_, n) in events)
        if total <= settings.limit:
            return None
        return Hit(
            reason=over_limit_reason(total, "attachments", settings.window_s, settings.limit),
            counts={"attachments": total, "limit": settings.limit, "window_s": settings.window_s},
            message_ids=tuple(mid for _, (mid, _) in events),
        )
