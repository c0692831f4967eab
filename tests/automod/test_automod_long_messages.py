"""Long, hostile messages: every rule's work stays linear in the message (issue #12).

Nothing here is timed (scripts/bench_automod_long_messages.py measures and asserts linearity); these tests pin
the structure that makes it so, on 4,000-character messages of many shapes.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aegis.services.automod import AutomodEngine, MessageContext, parse_settings
from aegis.services.automod.rules import obfuscation
from aegis.services.automod.rules.bursts import duplicates
from aegis.services.automod.rules.obfuscation import deobfuscate

T0 = datetime(2024, 1, 1, tzinfo=UTC)
LONGEST = 4000  # Discord's limit for a message (with Nitro)
ALL_ON = parse_settings(
    {
        "rules": {
            "words": {"words": ["bad*", "f*ck"], "regexes": [r"(a+)+$", r"free\s+nitro"]},
            "links": {"mode": "allow"},
            "invites": {"allowed_codes": ["ours"]},
        }
    }
).settings

whitespace = st.text(alphabet=" \t\n\u00a0\u3000\u2003", min_size=1, max_size=600)
pieces = st.one_of(
    whitespace,
    st.sampled_from(["[.]", "(.)", "{.}", "[dot]", "(DOT)", "。", "．", "｡", "\\", "[:]", "hxxp://", "h**ps://"]),
    st.sampled_from([".", "-", "_", "/", "|", "<", ">", "[", "(", "{", "**", "xx"]).map(lambda s: s * 40),
    st.sampled_from(["\u0301", "\u0316", "\u0353", "\u20d7"]).map(lambda m: "a" + m * 12),
    st.sampled_from(["😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "1️⃣", "<:pog:123456789012345678>"]),
    st.sampled_from(["https://sub.example.com/p?q=1", "bad[.]example(.)com", "discord . gg / abc", "a.b.c.d"]),
    st.sampled_from(["<@123456789012345678>", "<@&234567890123456789>", "@everyone", "<#345678901234567890>"]),
    st.text(max_size=40),
)
long_messages = st.lists(pieces, min_size=1, max_size=30).map(lambda parts: _fill("".join(parts) or " ", LONGEST))


def _fill(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _width(pattern: re.Pattern) -> tuple[int, int]:
    return re._parser.parse(pattern.pattern, pattern.flags).getwidth()


@pytest.mark.parametrize("pattern", [obfuscation.SCHEME, obfuscation.SPELLED_DOT], ids=["scheme", "spelled dot"])
def test_the_obfuscation_patterns_have_a_bounded_width(pattern):
    """No `*` or `+`: a try at one position costs the same whatever follows, so a scan is linear. The old
    spelled-dot pattern began with `\\s*`, which rescanned a run of spaces from each of its positions."""
    assert _width(pattern)[1] <= 16


# The pattern the fix replaced: quadratic on a long run of whitespace, so only compared on short text here.
_OLD_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))\s*|[。．｡]", re.IGNORECASE)


def _old_deobfuscate(text: str) -> str:
    if not any(h in text for h in ("xx", "**", "[", "(", "{", "。", "．", "｡", "\\")):
        return text
    return _OLD_DOT.sub(".", obfuscation.SCHEME.sub(r"http\1://", text)).replace("\\", "/")


@settings(max_examples=400)
@given(st.lists(pieces.map(lambda p: p[:30]), max_size=12).map("".join))
def test_deobfuscation_reads_text_as_it_did_before(text):
    assert deobfuscate(text) == _old_deobfuscate(text)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("example [.] com", "example.com"),
        ("bad (dot)\tgg /x", "bad.gg /x"),
        ("hxxps[:]//evil{.}com\\x", "https://evil.com/x"),
        ("a。b．c｡d", "a.b.c.d"),
        (" " * 3990 + "[.] com", ".com"),
    ],
)
def test_deobfuscation_examples(text, read):
    assert deobfuscate(text) == read


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(long_messages, min_size=1, max_size=4))
def test_every_rule_reads_4000_character_messages_of_any_shape(texts):
    engine = AutomodEngine(lambda guild_id: ALL_ON)
    for i, text in enumerate(texts * 8):  # enough copies to fill the duplicates rule's window
        ctx = MessageContext(1, 2, i, 3, text, T0 + timedelta(seconds=i), mention_user_ids=(5, 6))
        for verdict in engine.check_message(ctx):
            assert verdict.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(long_messages)
def test_duplicates_compares_a_bounded_sample_of_a_long_message(text):
    """rapidfuzz's ratio is quadratic in its inputs; whatever the message, it only ever sees a bounded sample."""
    rule, rs = duplicates.DuplicatesRule(), ALL_ON.rule("duplicates")
    with measured_ratio() as lengths:
        for i in range(30):
            near_copy = text[: i * 97 % LONGEST] + "x" + text[i * 97 % LONGEST + 1 :]
            rule.check(MessageContext(1, 2, i, 3, near_copy, T0 + timedelta(seconds=i * 0.5)), rs)
    assert max(lengths, default=0) <= duplicates.COMPARED_CHARS


def test_a_long_near_copy_still_counts_as_a_copy(msg):
    spam = _fill("Free nitro for everyone who clicks, limited offer! ", LONGEST)
    rule, rs = duplicates.DuplicatesRule(), ALL_ON.rule("duplicates")
    hits = [rule.check(msg(spam[:-i] + str(i), at=i), rs) for i in range(1, 5)]
    assert hits[-1] is not None and hits[-1].counts["copies"] == 4


def test_long_messages_of_different_lengths_are_not_copies(msg):
    rule, rs = duplicates.DuplicatesRule(), ALL_ON.rule("duplicates")
    texts = [_fill("same start and end ", n) for n in (1200, 2400, 3600, 4000)]
    assert all(rule.check(msg(t, at=i), rs) is None for i, t in enumerate(texts))


@contextlib.contextmanager
def measured_ratio():
    """The real ratio, recording the length of what it was given: the work it did."""
    lengths: list[int] = []
    real = duplicates.ratio

    def measured(a, b, **kwargs):
        lengths.extend((len(a), len(b)))
        return real(a, b, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duplicates, "ratio", measured)
        yield lengths
