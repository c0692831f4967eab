"""The fallback against a real redis-py client: nothing listens on 127.0.0.1:1."""

from __future__ import annotations

import logging

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from aegis.services.ratelimit import FallbackRateLimiter, MemoryRateLimiter, RedisRateLimiter
from aegis.services.ratelimit.fallback import BACK_MESSAGE, DOWN_MESSAGE

T0 = 1_700_000_000.0


def dead_client() -> redis.Redis:
    return redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def messages(caplog, level):
    return [r.getMessage() for r in caplog.records if r.levelno == level and r.name == "aegis.services.ratelimit"]


def test_unreachable_redis_falls_back_with_one_warning(caplog):
    caplog.set_level(logging.INFO, logger="aegis.services.ratelimit")
    limiter = FallbackRateLimiter(RedisRateLimiter(dead_client()), MemoryRateLimiter(), probe_interval_s=5)
    got = [limiter.hit("commands", "u", 3, 10.0, now=T0).allowed for _ in range(5)]
    assert got == [True, True, True, False, False]  # still limiting, in-process
    assert limiter.degraded
    assert limiter.peek("commands", "u", 3, 10.0, now=T0).count == 3
    assert [s.key for s in limiter.snapshot(now=T0)] == ["u"]
    limiter.reset("commands", "u")
    assert limiter.hit("commands", "u", 3, 10.0, now=T0).allowed
    warnings = messages(caplog, logging.WARNING)
    assert len(warnings) == 1 and warnings[0].startswith(DOWN_MESSAGE)


def test_probes_at_most_every_interval():
    clock = Clock()
    client = dead_client()
    attempts = []
    client.connection_pool.connection_kwargs["port"] = 1
    original = client.connection_pool.get_connection

    def counting_get_connection(*args, **kwargs):
        attempts.append(clock.t)
        return original(*args, **kwargs)

    client.connection_pool.get_connection = counting_get_connection
    limiter = FallbackRateLimiter(RedisRateLimiter(client), MemoryRateLimiter(), probe_interval_s=5, clock=clock)
    for step in range(40):  # 20 seconds, a hit every half second
        clock.t = step * 0.5
        limiter.hit("b", "k", 100, 10.0, now=T0 + clock.t)
    assert attempts == [0.0, 5.0, 10.0, 15.0]


@pytest.mark.redis
def test_recovers_when_redis_answers_again(caplog, redis_client, redis_prefix):
    caplog.set_level(logging.INFO, logger="aegis.services.ratelimit")
    clock = Clock()
    client = dead_client()
    limiter = FallbackRateLimiter(
        RedisRateLimiter(client, prefix=redis_prefix), MemoryRateLimiter(), probe_interval_s=5, clock=clock
    )
    assert limiter.hit("b", "k", 5, 10.0, now=T0).allowed
    assert limiter.degraded

    # Redis "comes back": the same client now reaches the real server.
    real = redis_client.connection_pool.connection_kwargs
    client.connection_pool.connection_kwargs.update(host=real["host"], port=real["port"], db=real.get("db", 0))
    client.connection_pool.reset()

    clock.t = 4.9
    limiter.hit("b", "k", 5, 10.0, now=T0)
    assert limiter.degraded  # not probed yet
    clock.t = 5.0
    limiter.hit("b", "k", 5, 10.0, now=T0)
    assert not limiter.degraded
    assert redis_client.exists(f"{redis_prefix}b:k")
    assert messages(caplog, logging.INFO) == [BACK_MESSAGE]
    assert len(messages(caplog, logging.WARNING)) == 1


class Exploding:
    def __getattr__(self, name):
        def boom(*args, **kwargs):
            raise RuntimeError("script bug")

        return boom


@pytest.mark.parametrize("call", ["hit", "peek", "reset", "snapshot"])
def test_no_exception_escapes_even_when_both_backends_fail(call, caplog):
    limiter = FallbackRateLimiter(Exploding(), Exploding())
    args = {"hit": ("b", "k", 5, 10.0), "peek": ("b", "k", 5, 10.0), "reset": ("b", "k"), "snapshot": ()}[call]
    result = getattr(limiter, call)(*args)
    if call in ("hit", "peek"):
        assert result.allowed
    assert not limiter.degraded  # a bug is not an outage: keep using the primary
