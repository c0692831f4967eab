"""GCRA properties, and the two implementations agreeing on arbitrary hit sequences."""

from __future__ import annotations

import math
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aegis.services.ratelimit import MemoryRateLimiter, RedisRateLimiter

T0 = 1_700_000_000.0
gaps = st.lists(st.floats(0, 5, allow_nan=False).map(lambda g: round(g, 3)), min_size=1, max_size=60)
limits = st.integers(1, 20)
windows = st.sampled_from([0.5, 1.0, 5.0, 10.0, 60.0])


@given(gaps, limits, windows)
def test_admitted_never_exceed_burst_plus_refill(steps, limit, window_s):
    limiter = MemoryRateLimiter()
    now, admitted = T0, 0
    for gap in steps:
        now += gap
        decision = limiter.hit("b", "k", limit, window_s, now=now)
        admitted += decision.allowed
        assert 0 <= decision.count <= limit and decision.remaining == limit - decision.count
        # The GCRA guarantee: a burst of `limit`, then one hit per window/limit.
        assert admitted <= limit + math.floor((now - T0) / (window_s / limit) + 1e-9)


@given(gaps, limits, windows)
def test_a_steady_rate_at_the_limit_is_always_admitted(steps, limit, window_s):
    limiter = MemoryRateLimiter()
    interval = window_s / limit
    assert all(limiter.hit("b", "k", limit, window_s, now=T0 + i * interval).allowed for i in range(len(steps)))


@pytest.mark.redis
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=gaps, limit=limits, window_s=windows)
def test_memory_and_redis_decide_alike(redis_client, steps, limit, window_s):
    prefix = f"aegistest:{uuid.uuid4().hex}:rl:"
    memory, shared = MemoryRateLimiter(), RedisRateLimiter(redis_client, prefix=prefix)
    now = T0 + 0.5
    try:
        for gap in steps:
            now += gap
            a = memory.hit("b", "k", limit, window_s, now=now)
            b = shared.hit("b", "k", limit, window_s, now=now)
            assert (a.allowed, a.count, a.remaining) == (b.allowed, b.count, b.remaining)
            assert a.reset_after == pytest.approx(b.reset_after, abs=1e-5)
            assert a.retry_after == pytest.approx(b.retry_after, abs=1e-5)
    finally:
        shared.reset("b", "k")
