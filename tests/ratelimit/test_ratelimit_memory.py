from __future__ import annotations

import threading

from freezegun import freeze_time

from aegis.services.ratelimit import MemoryRateLimiter


def test_frozen_wall_clock_drives_the_window():
    limiter = MemoryRateLimiter()
    with freeze_time("2024-05-01 12:00:00") as frozen:
        assert [limiter.hit("c", "u", 2, 10.0).allowed for _ in range(3)] == [True, True, False]
        frozen.tick(4.99)
        assert not limiter.hit("c", "u", 2, 10.0).allowed
        frozen.tick(0.01)
        assert limiter.hit("c", "u", 2, 10.0).allowed
        frozen.tick(60)
        assert limiter.peek("c", "u", 2, 10.0).count == 0


def test_injected_clock():
    now = [100.0]
    limiter = MemoryRateLimiter(clock=lambda: now[0])
    limiter.hit("c", "u", 1, 10.0)
    assert not limiter.hit("c", "u", 1, 10.0).allowed
    now[0] += 10.0
    assert limiter.hit("c", "u", 1, 10.0).allowed


def test_expired_keys_are_evicted():
    limiter = MemoryRateLimiter(sweep_every=100)
    for i in range(1000):
        limiter.hit("messages", f"user{i}", 5, 1.0, now=float(i))
    # Each key drains within a second, so at most one sweep interval's worth survive.
    assert len(limiter) <= 100


def test_key_flood_is_capped():
    limiter = MemoryRateLimiter(max_keys=500)
    for i in range(5000):
        limiter.hit("messages", f"user{i}", 5, 3600.0, now=0.0)
    assert len(limiter) <= 500


def test_threads_never_admit_more_than_the_limit():
    limiter = MemoryRateLimiter()
    allowed = []
    barrier = threading.Barrier(8)

    def worker():
        barrier.wait()
        for _ in range(50):
            allowed.append(limiter.hit("b", "shared", 25, 60.0, now=0.0).allowed)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(allowed) == 25 and len(allowed) == 400
