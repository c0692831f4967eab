"""Tables of cases for the rules that count across a window of time."""

from __future__ import annotations

import pytest

from aegis.services.automod.context import Attachment, JoinWindow
from aegis.services.automod.rules import (
    AttachmentsRule,
    AttachmentsSettings,
    DuplicatesRule,
    DuplicatesSettings,
    JoinRateRule,
    JoinRateSettings,
    MentionsRule,
    MentionsSettings,
    MessageRateRule,
    MessageRateSettings,
    NewAccountRule,
    NewAccountSettings,
)


def run(rule, settings, contexts):
    return [rule.check(ctx, settings) for ctx in contexts]


@pytest.mark.parametrize(
    ("times", "first_trip"),
    [
        ([0, 0.5, 1, 1.5, 2, 2.5], None),  # 6 in 5 s: at the limit
        ([0, 0.5, 1, 1.5, 2, 2.5, 3], 6),  # the 7th trips
        ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], None),  # steady one per second never does
        ([0, 0, 0, 0, 0, 0, 4.99], 6),
        ([0, 0, 0, 0, 0, 0, 5.0], None),  # the first six fell out of the window
    ],
)
def test_message_rate(msg, times, first_trip):
    hits = run(MessageRateRule(), MessageRateSettings(), [msg(at=t) for t in times])
    tripped = [i for i, h in enumerate(hits) if h]
    assert (tripped[0] if tripped else None) == first_trip


def test_message_rate_reason_and_burst(msg):
    rule, settings = MessageRateRule(), MessageRateSettings(limit=5, window_s=5)
    contexts = [msg(at=i * 0.5) for i in range(7)]
    hit = run(rule, settings, contexts)[-1]
    assert hit.reason == "7 messages in 5s (limit 5)"
    assert hit.message_ids == tuple(c.message_id for c in contexts)


def test_message_rate_is_per_member_and_guild(msg):
    rule, settings = MessageRateRule(), MessageRateSettings(limit=2)
    contexts = [msg(author_id=a, guild_id=g) for a in (1, 2) for g in (1, 2) for _ in range(2)]
    assert not any(run(rule, settings, contexts))


@pytest.mark.parametrize(
    ("contents", "tripped_at"),
    [
        (["buy now"] * 4, 3),
        (["buy now"] * 3, None),
        (["buy now!", "Buy now", "buy now!!", "BUY NOW"], 3),  # near-copies, any case
        (["buy now", "hello", "buy now", "what", "buy now"], None),
        (["free nitro at example", "free nitro at exampl3", "free nitro @ example", "free nitro at example."], 3),
        (["a completely different line", "nothing like the first", "third thing here", "and another"], None),
    ],
)
def test_duplicates(msg, contents, tripped_at):
    hits = run(DuplicatesRule(), DuplicatesSettings(), [msg(c, at=i) for i, c in enumerate(contents)])
    tripped = [i for i, h in enumerate(hits) if h]
    assert (tripped[0] if tripped else None) == tripped_at


def test_duplicates_only_within_the_window(msg):
    contexts = [msg("same", at=t) for t in (0, 15, 31, 46)]  # never four in 30 s
    assert not any(run(DuplicatesRule(), DuplicatesSettings(), contexts))


def test_duplicates_reason_lists_the_copies(msg):
    contexts = [msg("spam spam"), msg("other"), msg("spam spam"), msg("spam spam"), msg("spam spam")]
    hit = run(DuplicatesRule(), DuplicatesSettings(), contexts)[-1]
    assert hit.reason == "4 copies of the same message in 30s (limit 3)"
    assert hit.message_ids == tuple(c.message_id for c in contexts if c.content == "spam spam")


@pytest.mark.parametrize(
    ("mentions", "reason"),
    [
        ([dict(mention_user_ids=(1, 2, 3, 4, 5))], None),
        ([dict(mention_user_ids=(1, 2, 3, 4, 5, 6))], "6 mentions in one message (limit 5)"),
        ([dict(mention_user_ids=(1, 1, 1, 1, 1, 1, 1))], None),  # the same person counts once
        (
            [dict(mention_user_ids=(1, 2, 3), mention_role_ids=(7, 8), mentions_everyone=True)],
            "6 mentions in one message (limit 5)",
        ),
        ([dict(mention_user_ids=(1, 2, 3))] * 3, None),  # 9 in the window
        ([dict(mention_user_ids=(1, 2, 3))] * 4, "12 mentions in 20s (limit 10)"),
    ],
)
def test_mentions(msg, mentions, reason):
    hits = run(MentionsRule(), MentionsSettings(), [msg(at=i, **m) for i, m in enumerate(mentions)])
    assert (hits[-1].reason if hits[-1] else None) == reason


def test_edited_mentions_are_not_counted_twice(msg):
    rule, settings = MentionsRule(), MentionsSettings()
    contexts = [msg(mention_user_ids=(1, 2, 3, 4), is_edit=i > 0, message_id=1) for i in range(5)]
    assert not any(run(rule, settings, contexts))


@pytest.mark.parametrize(
    ("per_message", "tripped"),
    [([10], False), ([5, 5], False), ([5, 5, 1], True), ([0] * 30, False), ([3, 3, 3, 3], True)],
)
def test_attachments(msg, per_message, tripped):
    contexts = [
        msg(at=i, attachments=tuple(Attachment(f"{j}.png", 1000) for j in range(n))) for i, n in enumerate(per_message)
    ]
    hits = run(AttachmentsRule(), AttachmentsSettings(), contexts)
    assert (hits[-1] is not None) is tripped


@pytest.mark.parametrize(
    ("age_days", "reason"),
    [
        (365, None),
        (3, None),
        (2.5, "account created 2 days 12 hours before joining (minimum 3 days)"),
        (1.5, "account created 1 day 12 hours before joining (minimum 3 days)"),
        (10 / 1440, "account created 10 minutes before joining (minimum 3 days)"),
    ],
)
def test_new_account(join, age_days, reason):
    hit = NewAccountRule().check(join(1, age_days=age_days), NewAccountSettings())
    assert (hit.reason if hit else None) == reason


def test_new_account_threshold_is_configurable(join):
    assert NewAccountRule().check(join(1, age_days=20), NewAccountSettings(min_age_days=30)) is not None


@pytest.mark.parametrize(
    ("window", "reason"),
    [
        (None, None),  # not counted against the bucket: nothing to judge
        (JoinWindow(10, 10.0, False, tuple(range(10))), None),  # the tenth join fits
        (JoinWindow(10, 10.0, True, tuple(range(11))), "11 joins in 10s (limit 10): possible raid"),
        (JoinWindow(5, 60.0, True, tuple(range(6))), "6 joins in 60s (limit 5): possible raid"),  # a guild's override
        (JoinWindow(10, 10.0, False, tuple(range(14))), None),  # the bucket refilled: the count alone is no spike
    ],
)
def test_join_rate_reads_the_joins_bucket(join, window, reason):
    hit = JoinRateRule().check(join(99, window=window), JoinRateSettings())
    assert (hit.reason if hit else None) == reason
    if hit:
        assert hit.user_ids == window.user_ids
        assert hit.counts == {"joins": window.joins, "limit": window.limit, "window_s": window.window_s}
