"""Forbidden words and patterns, matched as whole words, case-insensitively.

Everything here is compiled with google-re2, including the patterns built from plain
words: RE2 runs in time linear in the message, so neither a moderator's regex like
`(a+)+$` nor a wildcard word like `a*a*a*a*b` can stall automod on a crafted message.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import re2

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import texts
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings

# RE2's \b is ASCII-only, so word edges are spelled out with Unicode classes.
_WORDCHAR = r"[\p{L}\p{N}_]"
_EDGE_BEFORE = r"(?:^|[^\p{L}\p{N}_])"
_EDGE_AFTER = r"(?:$|[^\p{L}\p{N}_])"


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # errors are reported to the moderator, not to stderr
    options.case_sensitive = False
    return options


def word_pattern(word: str) -> str:
    """`spam*` matches spam, spammer, spamming; `*` alone inside a word matches letters."""
    pieces = [re2.escape(p) for p in re.sub(r"\*+", "*", word.strip()).split("*")]
    return f"{_WORDCHAR}*".join(pieces)


def regex_problem(pattern: str) -> str | None:
    try:
        re2.compile(pattern, _options())
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        return f"is not a valid regular expression: {detail}"
    return None


def word_problem(word: str) -> str | None:
    return None if re.search(r"\w", word) else "must contain a letter or digit"


@dataclass(frozen=True)
class WordsSettings(RuleSettings):
    words: tuple[str, ...] = texts((), word_problem, 2000, 100, "whole words; * matches any letters")
    regexes: tuple[str, ...] = texts((), regex_problem, 200, 500, "RE2 regular expressions, searched anywhere")

    @functools.cached_property
    def compiled(self) -> tuple[re2._Regexp | None, re2._Regexp | None]:
        words = regexes = None
        if self.words:
            alternatives = "|".join(word_pattern(w) for w in self.words)
            words = re2.compile(f"{_EDGE_BEFORE}({alternatives}){_EDGE_AFTER}", _options())
        if self.regexes:
            regexes = re2.compile("|".join(f"(?:{r})" for r in self.regexes), _options())
        return words, regexes

    def prepare(self) -> list[str]:
        try:
            self.compiled  # noqa: B018 - once per settings version, off the hot path
        except re2.error as exc:  # each regex compiled alone; together they may exceed RE2's memory
            return [f"words: the word list and regexes together are too large ({exc})"]
        return []


def normalise(text: str) -> str:
    # NFKC folds look-alikes such as fullwidth letters (ｂａｄ) onto plain ones.
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


class WordsRule(MessageRule[WordsSettings]):
    name = "words"
    settings_type = WordsSettings

    def check(self, ctx: MessageContext, settings: WordsSettings) -> Hit | None:
        words, regexes = settings.compiled
        if words is None and regexes is None:
            return None
        text = normalise(ctx.content)
        if words is not None and (m := words.search(text)):
            matched, kind = m.group(1), "word"
        elif regexes is not None and (m := regexes.search(text)):
            matched, kind = m.group(0), "pattern"
        else:
            return None
        return Hit(
            reason=f"forbidden {kind}: {matched!r}",
            matched=matched,
            counts={},
            message_ids=(ctx.message_id,),
        )
