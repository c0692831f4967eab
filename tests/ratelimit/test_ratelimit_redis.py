"""What only the Redis limiter promises: namespace, TTLs, shared state, atomicity."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from aegis.services.ratelimit import RedisRateLimiter
from aegis.services.ratelimit.redis_limiter import DEFAULT_PREFIX

pytestmark = pytest.mark.redis

T0 = 1_700_000_000.0


def test_default_namespace_and_ttl(redis_client):
    limiter = RedisRateLimiter(redis_client)
    bucket, key = "commands", "ns-test:1"
    name = f"{DEFAULT_PREFIX}{bucket}:{key}"
    assert limiter.key_for(bucket, key) == "aegis:rl:commands:ns-test:1"
    try:
        for _ in range(5):
            limiter.hit(bucket, key, 5, 10.0, now=T0)
        ttl_ms = redis_client.pttl(name)
        # The backlog (10 s) plus one second of slack; never a key without expiry.
        assert 10_000 < ttl_ms <= 11_000
        assert redis_client.hget(name, "limit") == b"5"
    finally:
        limiter.reset(bucket, key)
    assert not redis_client.exists(name)


def test_ttl_shrinks_as_the_bucket_drains(redis_limiter, redis_client):
    redis_limiter.hit("b", "k", 5, 10.0, now=T0)  # backlog 2 s
    assert redis_client.pttl(redis_limiter.key_for("b", "k")) <= 3_000


def test_peek_writes_nothing(redis_limiter, redis_client):
    redis_limiter.peek("b", "k", 5, 10.0, now=T0)
    assert not redis_client.exists(redis_limiter.key_for("b", "k"))


def test_two_limiters_share_state(redis_client, redis_prefix):
    a = RedisRateLimiter(redis_client, prefix=redis_prefix)
    b = RedisRateLimiter(redis_client, prefix=redis_prefix)
    for _ in range(3):
        a.hit("joins", "guild1", 3, 10.0, now=T0)
    assert not b.hit("joins", "guild1", 3, 10.0, now=T0).allowed
    # The console, in another process, sees the same state.
    assert [(s.bucket, s.key, s.denied) for s in b.snapshot(now=T0)] == [("joins", "guild1", 1)]


def test_snapshot_scans_past_one_page(redis_limiter):
    for i in range(1200):
        redis_limiter.hit("messages", f"g:{i}", 1, 30.0, now=T0)
    assert len(redis_limiter.snapshot(now=T0)) == 1200


class CountingConnection(redis.Connection):
    """A real connection that counts what it sends (server-wide counters are shared)."""

    sent: list[bytes] = []

    def send_packed_command(self, command, check_health=True):
        chunks = command if isinstance(command, list) else [command]
        CountingConnection.sent.append(bytes(chunks[0])[:40])
        return super().send_packed_command(command, check_health)


def test_one_round_trip_per_decision(redis_client, redis_prefix):
    kwargs = redis_client.connection_pool.connection_kwargs
    pool = redis.ConnectionPool(
        host=kwargs["host"], port=kwargs["port"], db=kwargs.get("db", 0), connection_class=CountingConnection
    )
    client = redis.Redis(connection_pool=pool)
    limiter = RedisRateLimiter(client, prefix=redis_prefix)
    limiter.hit("b", "warm", 5, 10.0, now=T0)  # may load the script (EVALSHA, NOSCRIPT, EVAL)
    CountingConnection.sent.clear()
    for _ in range(10):
        limiter.hit("b", "k", 5, 10.0, now=T0)
    limiter.peek("b", "k", 5, 10.0, now=T0)
    assert len(CountingConnection.sent) == 11
    assert all(b"EVALSHA" in sent for sent in CountingConnection.sent)
    client.close()


@pytest.mark.parametrize(("threads", "hits_each", "limit"), [(16, 20, 50), (8, 100, 1)])
def test_threads_never_admit_more_than_the_limit(redis_limiter, threads, hits_each, limit):
    barrier = threading.Barrier(threads)

    def worker(_: int) -> int:
        barrier.wait()
        return sum(redis_limiter.hit("b", "contended", limit, 60.0, now=T0).allowed for _ in range(hits_each))

    with ThreadPoolExecutor(threads) as pool:
        assert sum(pool.map(worker, range(threads))) == limit


def test_float_times_survive_the_round_trip(redis_limiter):
    now = T0 + 0.123456
    for _ in range(4):
        redis_limiter.hit("b", "k", 4, 1.0, now=now)
    assert not redis_limiter.hit("b", "k", 4, 1.0, now=now + 0.2499).allowed
    assert redis_limiter.hit("b", "k", 4, 1.0, now=now + 0.25).allowed
