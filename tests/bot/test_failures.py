"""A background task that fails says why and runs again (issue #12)."""

import asyncio
import logging

from aegis.bot import failures


async def test_a_failing_background_task_is_logged_with_its_cause_and_started_again(monkeypatch, caplog):
    monkeypatch.setattr(failures, "RESTART_AFTER_S", 0)
    caplog.set_level(logging.ERROR, "aegis.bot")
    runs = []

    async def work():
        runs.append(len(runs))
        if len(runs) == 1:
            raise ConnectionError("database unreachable")
        await asyncio.Event().wait()  # the second run keeps going

    task = failures.supervised("aegis-heartbeat", work)
    async with asyncio.timeout(5):
        while len(runs) < 2:
            await asyncio.sleep(0.01)
    task.cancel()
    [record] = caplog.records
    assert record.getMessage() == (
        "background task aegis-heartbeat failed (ConnectionError: database unreachable); starting it again in 0s"
    )
    assert record.exc_info is not None  # the traceback goes with it


async def test_a_loop_that_returns_is_reported_too(monkeypatch, caplog):
    monkeypatch.setattr(failures, "RESTART_AFTER_S", 0)
    caplog.set_level(logging.ERROR, "aegis.bot")
    runs = []

    async def work():
        runs.append(1)
        if len(runs) > 1:
            await asyncio.Event().wait()

    task = failures.supervised("aegis-counters", work)
    async with asyncio.timeout(5):
        while len(runs) < 2:
            await asyncio.sleep(0.01)
    task.cancel()
    assert [r.getMessage() for r in caplog.records] == [
        "background task aegis-counters stopped on its own; starting it again in 0s"
    ]
