"""Zalgo text: letters buried under stacks of combining marks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import number, whole
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings

# The diacritic blocks zalgo generators draw from. Hebrew, Arabic and Indic marks are left
# out on purpose: ordinary writing in those scripts carries many of them.
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_MARK = re.compile(f"[{_MARKS}]")
_RUN = re.compile(f"[{_MARKS}]{{2,}}")


@dataclass(frozen=True)
class ZalgoSettings(RuleSettings):
    max_marks_per_letter: int = whole(4, 1, 50, "combining marks allowed on one character")
    max_ratio: float = number(0.5, 0.05, 5.0, "combining marks per other character, over the message")
    min_marks: int = whole(10, 1, 1000, "the ratio applies only from this many marks")


class ZalgoRule(MessageRule[ZalgoSettings]):
    name = "zalgo"
    settings_type = ZalgoSettings

    def check(self, ctx: MessageContext, settings: ZalgoSettings) -> Hit | None:
        text = ctx.content
        if text.isascii():
            return None
        marks = len(_MARK.findall(text))
        if marks < 2:
            return None
        longest = max((len(m) for m in _RUN.findall(text)), default=1)
        base = max(1, len(text) - marks)
        ratio = marks / base
        if longest > settings.max_marks_per_letter:
            reason = f"{longest} combining marks on one character (limit {settings.max_marks_per_letter})"
        elif marks >= settings.min_marks and ratio > settings.max_ratio:
            reason = f"{marks} combining marks on {base} characters (limit {settings.max_ratio:g} per character)"
        else:
            return None
        return Hit(
            reason=reason,
            matched=ctx.content[:200],
            counts={"marks": marks, "longest_stack": longest, "ratio": round(ratio, 3)},
            message_ids=(ctx.message_id,),
        )
