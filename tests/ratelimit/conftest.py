"""Limiter fixtures: memory always, Redis when AEGIS_TEST_REDIS_URL names one.

Each Redis test gets its own key prefix and deletes its keys afterwards, rather than
flushing the database, so it cannot disturb other suites sharing the same Redis.
"""

from __future__ import annotations

import os
import uuid

import pytest

from aegis.services.ratelimit import MemoryRateLimiter, RedisRateLimiter

REDIS_SKIP_REASON = "set AEGIS_TEST_REDIS_URL to run against Redis"


@pytest.fixture
def redis_client():
    url = os.environ.get("AEGIS_TEST_REDIS_URL")
    if not url:
        pytest.skip(REDIS_SKIP_REASON)
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"AEGIS_TEST_REDIS_URL={url} is set but Redis does not answer: {exc}")
    yield client
    client.close()


@pytest.fixture
def redis_prefix(redis_client):
    prefix = f"aegistest:{uuid.uuid4().hex}:rl:"
    yield prefix
    keys = list(redis_client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        redis_client.delete(*keys)


@pytest.fixture
def redis_limiter(redis_client, redis_prefix):
    return RedisRateLimiter(redis_client, prefix=redis_prefix)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limiter(request):
    if request.param == "memory":
        return MemoryRateLimiter()
    return request.getfixturevalue("redis_limiter")
