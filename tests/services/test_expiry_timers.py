"""Pending expiries wait in one queue with one event-loop timer, and still fire each at its time, once."""

import asyncio
import time
from datetime import timedelta

from aegis import clock
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleKind
from aegis.services.moderation.expiries import ExpiryScheduler
from aegis.services.moderation.timers import DueQueue
from aegis.storage.moderation import schedule


async def until(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.005)


async def test_each_fires_in_due_order_once_and_a_disarmed_one_not_at_all():
    fired: list[int] = []
    queue = DueQueue(fired.append)
    queue.arm(1, 0.06)
    queue.arm(2, 0.01)
    queue.arm(3, 0.03)
    queue.arm(4, 0.02)
    queue.disarm(4)
    queue.arm(3, 0.08)  # rescheduled: only the new time counts
    await until(lambda: len(fired) == 3)
    await asyncio.sleep(0.05)
    assert fired == [2, 1, 3]
    assert queue.ids() == set()


async def test_a_sooner_deadline_moves_the_one_timer_forward():
    fired: list[int] = []
    queue = DueQueue(fired.append)
    queue.arm(1, 3600)
    queue.arm(2, 0.01)
    await until(lambda: fired == [2])
    assert queue.ids() == {1}
    queue.clear()


async def test_a_thousand_pending_rows_take_one_timer_not_one_each(db):
    due = clock.now() + timedelta(days=1)
    for n in range(1000):
        schedule.add(NewScheduledAction(1 << 22, ScheduleKind.UNBAN, due + timedelta(seconds=n), target_id=n))

    async def never(*_):
        raise AssertionError("nothing is due")

    loop = asyncio.get_running_loop()
    before = len(loop._scheduled)  # the event loop's own timer heap
    scheduler = ExpiryScheduler(never, never, watch_every=3600)
    assert await scheduler.start() == 1000
    await asyncio.sleep(0)  # the watcher task starts and sleeps: a timer of its own
    assert len(scheduler.armed) == 1000
    assert len(loop._scheduled) - before <= 2  # the queue's one timer and the watcher's sleep
    await scheduler.stop()
