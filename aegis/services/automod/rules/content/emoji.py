"""Emoji spam: too many emoji, Unicode or custom, in one message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import whole
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings

_CUSTOM = r"<a?:\w{1,32}:\d{15,21}>"
_FLAG = r"[\U0001F1E6-\U0001F1FF]{2}"
# Pictographic blocks; a skin tone, a variation selector or ZWJ-joined parts stay one emoji.
_PICTO = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\u3030\u303D\u3297\u3299]"
_ONE = rf"{_PICTO}[\U0001F3FB-\U0001F3FF]?\uFE0F?\u20E3?"
_KEYCAP = r"[0-9#*]\uFE0F?\u20E3"
EMOJI = re.compile(rf"{_CUSTOM}|{_FLAG}|{_KEYCAP}|{_ONE}(?:\u200D{_ONE})*")


def count_emoji(text: str) -> int:
    if text.isascii() and "<" not in text:
        return 0  # no Unicode emoji and no custom emoji markup: the common case, for free
    return len(EMOJI.findall(text))


@dataclass(frozen=True)
class EmojiSettings(RuleSettings):
    max_emoji: int = whole(12, 1, 200, "emoji allowed in one message")


class EmojiRule(MessageRule[EmojiSettings]):
    name = "emoji"
    settings_type = EmojiSettings

    def check(self, ctx: MessageContext, settings: EmojiSettings) -> Hit | None:
        count = count_emoji(ctx.content)
        if count <= settings.max_emoji:
            return None
        return Hit(
            reason=f"{count} emoji in one message (limit {settings.max_emoji})",
            matched=ctx.content[:200],
            counts={"emoji": count, "limit": settings.max_emoji},
            message_ids=(ctx.message_id,),
        )
