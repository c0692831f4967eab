"""One behavioural suite, run on every implementation (see the `limiter` fixture)."""

from __future__ import annotations

import pytest

from aegis.services.ratelimit import RateLimiter

T0 = 1_700_000_000.0


def test_implements_the_protocol(limiter):
    assert isinstance(limiter, RateLimiter)


@pytest.mark.parametrize(
    ("limit", "window_s", "hits", "expected_allowed"),
    [
        (5, 10.0, 5, [True] * 5),
        (5, 10.0, 7, [True] * 5 + [False] * 2),
        (1, 1.0, 3, [True, False, False]),
        (10, 5.0, 11, [True] * 10 + [False]),
        (3, 0.5, 4, [True] * 3 + [False]),
    ],
)
def test_burst_at_one_instant(limiter, limit, window_s, hits, expected_allowed):
    got = [limiter.hit("b", "k", limit, window_s, now=T0).allowed for _ in range(hits)]
    assert got == expected_allowed


def test_decision_fields_through_a_burst(limiter):
    decisions = [limiter.hit("commands", "u1", 5, 10.0, now=T0) for _ in range(6)]
    assert [d.count for d in decisions] == [1, 2, 3, 4, 5, 5]
    assert [d.remaining for d in decisions] == [4, 3, 2, 1, 0, 0]
    assert [d.retry_after for d in decisions] == [0, 0, 0, 0, pytest.approx(2.0), pytest.approx(2.0)]
    assert decisions[-1].reset_after == pytest.approx(10.0)
    assert all(d.limit == 5 for d in decisions)


@pytest.mark.parametrize(
    ("elapsed", "allowed", "count_after"),
    [
        (1.999, False, 5),  # not yet one interval (10 s / 5)
        (2.0, True, 5),  # one slot refilled and used again
        (4.0, True, 4),  # two slots refilled, one used
        (10.0, True, 1),  # the whole window: empty again
        (3600.0, True, 1),
    ],
)
def test_refill_after_a_full_burst(limiter, elapsed, allowed, count_after):
    for _ in range(5):
        limiter.hit("commands", "u1", 5, 10.0, now=T0)
    decision = limiter.hit("commands", "u1", 5, 10.0, now=T0 + elapsed)
    assert decision.allowed is allowed
    assert decision.count == count_after


def test_keys_and_buckets_are_independent(limiter):
    for _ in range(2):
        limiter.hit("commands", "u1", 2, 10.0, now=T0)
    assert not limiter.hit("commands", "u1", 2, 10.0, now=T0).allowed
    assert limiter.hit("commands", "u2", 2, 10.0, now=T0).allowed
    assert limiter.hit("reactions", "u1", 2, 10.0, now=T0).allowed


def test_keys_may_contain_colons(limiter):
    assert limiter.hit("messages", "123:456", 1, 5.0, now=T0).allowed
    assert not limiter.hit("messages", "123:456", 1, 5.0, now=T0).allowed
    assert limiter.hit("messages", "123:4567", 1, 5.0, now=T0).allowed


def test_peek_does_not_consume(limiter):
    for _ in range(4):
        limiter.hit("b", "k", 5, 10.0, now=T0)
    for _ in range(3):
        peek = limiter.peek("b", "k", 5, 10.0, now=T0)
        assert peek.allowed and peek.count == 4 and peek.remaining == 1
    assert limiter.hit("b", "k", 5, 10.0, now=T0).allowed
    assert not limiter.peek("b", "k", 5, 10.0, now=T0).allowed


def test_peek_of_unknown_key_is_empty(limiter):
    peek = limiter.peek("b", "nobody", 5, 10.0, now=T0)
    assert (peek.allowed, peek.count, peek.remaining, peek.reset_after) == (True, 0, 5, 0.0)


def test_reset_empties_the_bucket(limiter):
    for _ in range(3):
        limiter.hit("b", "k", 3, 60.0, now=T0)
    limiter.reset("b", "k")
    assert limiter.hit("b", "k", 3, 60.0, now=T0).count == 1
    limiter.reset("b", "never-seen")  # no error


def test_denied_hits_do_not_extend_the_wait(limiter):
    for _ in range(50):
        limiter.hit("b", "k", 5, 10.0, now=T0)
    assert limiter.hit("b", "k", 5, 10.0, now=T0 + 2.0).allowed


def test_snapshot_lists_keys_near_or_over_their_limit(limiter):
    for _ in range(10):
        limiter.hit("messages", "g:over", 5, 10.0, now=T0)  # 5 allowed, 5 denied
    for _ in range(4):
        limiter.hit("messages", "g:near", 5, 10.0, now=T0)  # 80%
    for _ in range(2):
        limiter.hit("messages", "g:calm", 5, 10.0, now=T0)  # 40%
    states = limiter.snapshot(now=T0)
    assert [(s.key, s.count, s.denied) for s in states] == [("g:over", 5, 5), ("g:near", 4, 0)]
    over = states[0]
    assert (over.bucket, over.limit, over.window_s) == ("messages", 5, 10.0)
    assert over.reset_after == pytest.approx(10.0)
    assert over.fill == 1.0
    assert {s.key for s in limiter.snapshot(min_fill=0.0, now=T0)} == {"g:over", "g:near", "g:calm"}


def test_snapshot_forgets_drained_buckets(limiter):
    for _ in range(5):
        limiter.hit("b", "k", 5, 10.0, now=T0)
    assert limiter.snapshot(now=T0 + 1.0)[0].count == 5
    assert limiter.snapshot(now=T0 + 3.0)[0].count == 4  # 80%: still listed
    assert limiter.snapshot(now=T0 + 5.0) == []  # 3 of 5: below 80%
    assert limiter.snapshot(min_fill=0.0, now=T0 + 10.0) == []


def test_changed_settings_apply_on_next_hit(limiter):
    # GCRA keeps time, not a count: a burst that filled 30 s still fills a 30 s window
    # whatever the new limit, and fills half of a 60 s one.
    for _ in range(3):
        limiter.hit("b", "k", 3, 30.0, now=T0)
    assert not limiter.hit("b", "k", 10, 30.0, now=T0).allowed
    longer = limiter.hit("b", "k", 6, 60.0, now=T0)
    assert longer.allowed and longer.count == 4
