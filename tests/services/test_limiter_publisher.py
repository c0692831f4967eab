"""The bot publishing its in-process rate limiter for the console: a real limiter, the real database."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from aegis.domain.records import BotHeartbeat
from aegis.services.ratelimit import FallbackRateLimiter, MemoryRateLimiter, RedisRateLimiter
from aegis.services.ratelimit.publisher import PUBLISH_MAX_ROWS, LimiterPublisher
from aegis.storage.records import activity

T0 = datetime(2026, 4, 1, 9, tzinfo=UTC)
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def heartbeat(instance_id: str = "host:1") -> BotHeartbeat:
    return BotHeartbeat(instance_id, "host", 1, (0,), 1, "0.1.0", T0, T0)


def published(instance_id: str = "host:1"):
    [row] = [b for b in activity.heartbeats(T0 - timedelta(days=1)) if b.instance_id == instance_id]
    return row.rate_limits


def test_the_heartbeat_carries_the_busiest_buckets_worst_first_and_capped(db):
    limiter = MemoryRateLimiter()
    publisher = LimiterPublisher(limiter, "host:1")
    publisher.beat(heartbeat())  # the row exists: the next heartbeat updates it
    with freeze_time(T0):
        for _ in range(7):
            limiter.hit("commands", "1:5", 5, 10.0)  # full, and two refused
        for _ in range(8):
            limiter.hit("automod_actions", "1", 10, 60.0)  # 80%
        limiter.hit("commands", "1:6", 5, 10.0)  # 20%: not near its limit, not listed
        for n in range(60):
            limiter.hit("joins", str(n), 1, 30.0)  # sixty guilds each at their one join
        publisher.beat(heartbeat())

    snapshot = published()
    assert (snapshot.at, snapshot.source, snapshot.min_fill, snapshot.total) == (T0, "memory", 0.5, 62)
    assert len(snapshot.buckets) == PUBLISH_MAX_ROWS
    first = snapshot.buckets[0]
    assert (first.bucket, first.key, first.count, first.limit, first.denied) == ("commands", "1:5", 5, 5, 2)
    assert first.reset_after == 10.0
    assert ("commands", "1:6") not in {(b.bucket, b.key) for b in snapshot.buckets}


def test_between_heartbeats_the_state_is_written_while_it_changes_and_not_while_idle(db):
    limiter = MemoryRateLimiter()
    publisher = LimiterPublisher(limiter, "host:1")
    with freeze_time(T0) as frozen:
        assert publisher.publish() is False  # no heartbeat row yet: nothing to update
        publisher.beat(heartbeat())
        assert published().buckets == ()
        frozen.tick(2)
        assert publisher.publish() is False  # idle then and now: no write
        assert published().at == T0

        for _ in range(3):
            limiter.hit("commands", "1:5", 4, 10.0)
        frozen.tick(2)
        assert publisher.publish() is True
        snapshot = published()
        assert snapshot.at == T0 + timedelta(seconds=4) and [(b.key, b.count) for b in snapshot.buckets] == [("1:5", 3)]

        frozen.tick(2)
        assert publisher.publish() is True  # busy: written every time, the reset moves on
        [bucket] = published().buckets
        assert (bucket.count, bucket.reset_after) == (2, 3.5)

        frozen.tick(10)  # the bucket has emptied
        assert publisher.publish() is True and published().buckets == ()
        frozen.tick(2)
        assert publisher.publish() is False


def test_while_redis_is_down_the_in_process_copy_is_published(db):
    limiter = FallbackRateLimiter(RedisRateLimiter.from_url(UNREACHABLE_REDIS, timeout_s=0.2), MemoryRateLimiter())
    with freeze_time(T0):
        for _ in range(4):
            limiter.hit("commands", "1:5", 5, 10.0)
        assert limiter.degraded
        LimiterPublisher(limiter, "host:1").beat(heartbeat())
    snapshot = published()
    assert snapshot.source == "fallback" and [(b.key, b.count) for b in snapshot.buckets] == [("1:5", 4)]


def test_with_redis_answering_the_bot_says_its_limits_are_there(db, redis_url):
    limiter = FallbackRateLimiter(RedisRateLimiter.from_url(redis_url), MemoryRateLimiter())
    for _ in range(4):
        limiter.hit("commands", "1:5", 5, 10.0)
    publisher = LimiterPublisher(limiter, "host:1")
    publisher.beat(heartbeat())
    snapshot = published()
    assert (snapshot.source, snapshot.total, snapshot.buckets) == ("redis", 0, ())
    assert publisher.publish() is False  # nothing of its own to publish between heartbeats
