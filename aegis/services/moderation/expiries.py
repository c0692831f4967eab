"""Expiries from the store: every pending row is armed by id in one timer queue; past-due rows run at once.

Changes made elsewhere (the console, another process) are picked up by watching rows whose updated_at moved.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aegis import clock
from aegis.domain.moderation.schedule import ScheduledAction, ScheduleState
from aegis.services.dbcall import DatabaseUnavailable, db_call
from aegis.services.moderation.journal import leases
from aegis.services.moderation.timers import DueQueue
from aegis.storage.moderation import schedule

log = logging.getLogger("aegis.expiries")
MAX_ATTEMPTS = 5
HELD_RETRY_S = 60.0  # a retry held by the invalid-request budget looks again this much later


@dataclass(frozen=True)
class Retry:
    error: str


@dataclass(frozen=True)
class Failed:
    error: str


DONE = None
Result = Retry | Failed | None
Runner = Callable[[ScheduledAction], Awaitable[Result]]
OnGiveUp = Callable[[ScheduledAction, str], Awaitable[None]]


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


class ExpiryScheduler:
    def __init__(
        self,
        run: Runner,
        on_give_up: OnGiveUp,
        owns_guild: Callable[[int], bool] = lambda _: True,
        watch_every: float = 2.0,
        hold_retries: Callable[[], bool] = lambda: False,
    ):
        self._run, self._on_give_up, self._owns = run, on_give_up, owns_guild
        self._hold_retries = hold_retries  # True while the invalid-request budget is spent: retries wait
        self._watch_every = watch_every
        self._timers = DueQueue(self._spawn)
        self._running: set[asyncio.Task] = set()
        self._seen_update: datetime | None = None
        self._watcher: asyncio.Task | None = None

    async def start(self) -> int:
        await self.take_back_dead_claims()
        now = clock.now()
        delays = {
            i: (due - now).total_seconds()
            for i, guild_id, due in await db_call(schedule.pending_due)
            if self._owns(guild_id)
        }
        self._timers.arm_many(delays)
        self._seen_update = now
        self._watcher = asyncio.create_task(self._watch(), name="aegis-expiry-watch")
        log.info("expiries loaded pending=%d past_due=%d", len(delays), sum(d <= 0 for d in delays.values()))
        return len(delays)

    def arm(self, action: ScheduledAction) -> None:
        self._timers.arm(action.id, (action.due_at - clock.now()).total_seconds())

    def disarm(self, action_id: int) -> None:
        self._timers.disarm(action_id)

    def owns(self, guild_id: int) -> bool:
        return self._owns(guild_id)

    @property
    def armed(self) -> set[int]:
        return self._timers.ids()

    async def stop(self) -> None:
        """Stop taking new work and let expiries already running finish; what is pending stays in the store."""
        if self._watcher:
            self._watcher.cancel()
        self._timers.clear()
        if self._running:
            await asyncio.wait(self._running, timeout=10)

    def _spawn(self, action_id: int) -> None:
        task = asyncio.create_task(self._execute(action_id), name=f"aegis-expiry-{action_id}")
        self._running.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        self._running.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:  # e.g. the database went away
            log.error("%s failed (%s: %s)", task.get_name(), type(exc).__name__, exc, exc_info=exc)

    async def take_back_dead_claims(self) -> int:
        """Claims whose owner died (a lease that ran out, a process on this host that is gone) go back to
        pending; a live owner's claim, even one waiting out a 429 for minutes, is left alone."""
        taken = 0
        for action in await db_call(schedule.running):
            if leases.is_dead(action.owner, action.lease_until):
                taken += await db_call(schedule.take_back, action.id, action.owner)
        return taken

    async def _execute(self, action_id: int) -> None:
        try:
            await self._claim_and_run(action_id)
        except DatabaseUnavailable as exc:  # it stays due in the store: try again until the database is back
            log.warning("expiry %s waits for the database: %s", action_id, exc)
            self._timers.arm(action_id, self._watch_every)

    async def _claim_and_run(self, action_id: int) -> None:
        if self._hold_retries() and (await db_call(schedule.get, action_id)).attempts:
            log.warning("expiry %s: retry held while Discord's invalid-request count is high", action_id)
            self._timers.arm(action_id, HELD_RETRY_S)
            return
        if not await db_call(schedule.claim, action_id, leases.me(), leases.until()):
            return  # cancelled, rescheduled, or another process ran it
        action = await db_call(schedule.get, action_id)
        try:
            async with leases.kept(schedule.renew, action_id):
                result = await self._run(action)
        except DatabaseUnavailable:
            raise
        except Exception as exc:  # an expiry must never take the bot down; it stays visible as failed
            log.exception("expiry %s crashed", action_id)
            result = Failed(f"{type(exc).__name__}: {exc}")
        if result is DONE:
            await db_call(schedule.finish, action_id, ScheduleState.DONE)
        elif isinstance(result, Retry) and action.attempts < MAX_ATTEMPTS:
            due = clock.now() + backoff(action.attempts)
            await db_call(schedule.retry_at, action_id, due, result.error)
            self.arm(await db_call(schedule.get, action_id))
            log.warning(
                "expiry %s failed (attempt %d), retrying at %s: %s", action_id, action.attempts, due, result.error
            )
        else:
            await db_call(schedule.finish, action_id, ScheduleState.FAILED, result.error)
            log.error("expiry %s gave up after %d attempts: %s", action_id, action.attempts, result.error)
            await self._on_give_up(action, result.error)

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._watch_every)
            try:
                await self.refresh()
            except DatabaseUnavailable as exc:  # one line per look, not a traceback, while it lasts
                log.warning("could not read scheduled actions; will try again: %s", exc)
            except Exception:
                log.exception("could not read scheduled actions; will try again")

    async def refresh(self) -> None:
        """Re-arm rows changed since the last look (new, rescheduled) and disarm cancelled ones."""
        since, looked_at = self._seen_update, clock.now()
        await self.take_back_dead_claims()
        changed = await db_call(schedule.changed_since, since)
        self._seen_update = looked_at  # only once read: what changed during an outage is found afterwards
        for action in changed:
            if not self._owns(action.guild_id):
                continue
            if action.state is ScheduleState.PENDING:
                self.arm(action)
            else:
                self.disarm(action.id)
