"""The same (or nearly the same) message posted again and again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import action_choice, number, whole
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings
from aegis.services.automod.rules.history import SlidingHistory
from aegis.services.automod.verdict import Action

_NOT_WORDS = re.compile(r"\W+")
# rapidfuzz's ratio costs about len(a) * len(b) / 64: quadratic in a long message. Past this many characters a
# copy is judged on its first and last half of them (and on its length), which keeps the cost per message flat.
COMPARED_CHARS = 1000


def fingerprint(content: str) -> str:
    """Case and punctuation do not make a copy new: "BUY NOW!!" is "buy now"."""
    words = _NOT_WORDS.sub(" ", content.casefold()).strip()  # the words, one space apart, in one pass
    return words or content.strip()


@dataclass(frozen=True, slots=True)
class Sample:
    """What a message is compared by: its fingerprint's length, and the fingerprint or, if long, its two ends."""

    length: int
    text: str

    @classmethod
    def of(cls, content: str) -> Sample:
        words = fingerprint(content)
        half = COMPARED_CHARS // 2
        return cls(len(words), words if len(words) <= COMPARED_CHARS else words[:half] + words[-half:])

    def copies(self, other: Sample, cutoff: float) -> bool:
        if self.text == other.text and self.length == other.length:
            return True
        # The ratio can be no higher than the shorter length allows (every extra character is one edit).
        if 200 * min(self.length, other.length) < cutoff * (self.length + other.length):
            return False
        return bool(ratio(self.text, other.text, score_cutoff=cutoff))


def _sampled(entry: list) -> Sample:
    if entry[2] is None:
        entry[2] = Sample.of(entry[1])
    return entry[2]


@dataclass(frozen=True)
class DuplicatesSettings(RuleSettings):
    action: Action = action_choice(Action.TIMEOUT, "what happens to the member")
    limit: int = whole(3, 1, 50, "copies allowed per window; one more trips the rule")
    window_s: float = number(30.0, 1, 600, "length of the sliding window in seconds")
    similarity: float = number(90.0, 50, 100, "rapidfuzz ratio (0-100) at which two messages count as copies")
    min_length: int = whole(1, 1, 2000, "shorter messages are ignored")


class DuplicatesRule(MessageRule[DuplicatesSettings]):
    name = "duplicates"
    settings_type = DuplicatesSettings
    checks_edits = False

    def __init__(self) -> None:
        # 25 recent messages bound the fuzzy comparisons per message.
        self._history = SlidingHistory(maxlen=25)

    def check(self, ctx: MessageContext, settings: DuplicatesSettings) -> Hit | None:
        if len(ctx.content) < settings.min_length:
            return None
        # Entries are [message id, content, Sample or None]: most members never post more than `limit`
        # messages in a window, so most messages are never fingerprinted at all.
        events = self._history.add(
            (ctx.guild_id, ctx.author_id), ctx.timestamp, [ctx.message_id, ctx.content, None], settings.window_s
        )
        if len(events) <= settings.limit:
            return None  # cannot have more copies than messages
        sample = _sampled(events[-1][1])
        if sample.length < settings.min_length:
            return None
        cutoff = settings.similarity
        copies = []
        misses_allowed = len(events) - settings.limit - 1  # one more and too few copies are left to trip
        for _, entry in events:
            if _sampled(entry).copies(sample, cutoff):
                copies.append(entry[0])
            elif misses_allowed:
                misses_allowed -= 1
            else:
                return None
        return Hit(
            reason=f"{len(copies)} copies of the same message in {settings.window_s:g}s (limit {settings.limit})",
            matched=ctx.content[:200],
            counts={"copies": len(copies), "limit": settings.limit, "window_s": settings.window_s},
            message_ids=tuple(copies),
        )
