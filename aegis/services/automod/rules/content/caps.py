"""SHOUTING: a long message that is mostly capital letters."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import number, whole
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings

# Mentions, custom emoji, channel links and URLs are not shouting: <:KEKW:123>, <@&42>.
_NOT_TEXT = re.compile(r"<[^<>\s]*>|https?://\S+")
_ASCII_UPPER = string.ascii_uppercase.encode()
_ASCII_LETTERS = string.ascii_letters.encode()


def count_letters(text: str) -> tuple[int, int]:
    """(uppercase, letters). bytes.translate makes the common ASCII case ~20x faster still."""
    if text.isascii():
        raw = text.encode()
        return len(raw) - len(raw.translate(None, _ASCII_UPPER)), len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    # map() keeps the per-character loop in C: ~5x faster than a Python for-loop.
    return sum(map(str.isupper, text)), sum(map(str.isalpha, text))


@dataclass(frozen=True)
class CapsSettings(RuleSettings):
    max_ratio: float = number(0.7, 0.1, 1.0, "share of capital letters above which a message is shouting")
    min_letters: int = whole(15, 1, 2000, "messages with fewer letters are never shouting")


class CapsRule(MessageRule[CapsSettings]):
    name = "caps"
    settings_type = CapsSettings

    def check(self, ctx: MessageContext, settings: CapsSettings) -> Hit | None:
        text = ctx.content
        if len(text) < settings.min_letters:
            return None
        if "<" in text or "://" in text:
            text = _NOT_TEXT.sub("", text)
        upper, letters = count_letters(text)
        if letters < settings.min_letters or upper <= settings.max_ratio * letters:
            return None
        share = upper / letters
        return Hit(
            reason=f"{share:.0%} capital letters in {letters} letters (limit {settings.max_ratio:.0%})",
            matched=ctx.content[:200],
            counts={"upper": upper, "letters": letters, "ratio": round(share, 3)},
            message_ids=(ctx.message_id,),
        )
