"""aegis.clock: dates from the wall clock, intervals from a monotonic one; freezegun moves both (issue #10)."""

import time
from datetime import timedelta

from freezegun import freeze_time

from aegis import clock


def test_monotonic_is_the_monotonic_clock_not_wall_time():
    assert abs(clock.monotonic() - time.monotonic()) < 1.0
    assert abs(clock.monotonic() - clock.now().timestamp()) > 3600  # an epoch reading would be ~1.7e9


def test_freezegun_moves_the_monotonic_clock_with_the_wall_clock():
    with freeze_time("2026-01-01 00:00:00") as frozen:
        started, wall = clock.monotonic(), clock.now()
        assert clock.monotonic() == started  # frozen
        frozen.tick(timedelta(minutes=5))
        assert clock.monotonic() - started == 300
        assert clock.now() - wall == timedelta(minutes=5)
