"""Backups every [backup] interval_hours while the bot runs, into [backup] dir, keeping [backup] keep.

The newest timestamped file in the directory says when the last one was taken, so a restarted bot
neither doubles up nor waits a whole interval. The database work runs in a thread: the event loop
(and the gateway heartbeat) never waits on it.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aegis import clock
from aegis.config import Config
from aegis.services.backup.signing import load_or_create_key
from aegis.services.backup.writer import TIMESTAMP, BackupResult, backup_into, scheduled_backups

log = logging.getLogger("aegis.services.backup")
RETRY_AFTER = timedelta(minutes=10)
LONGEST_NAP = 300.0  # seconds: wake now and then, so a changed wall clock is noticed


class ScheduledBackups:
    def __init__(self, config: Config, now: Callable[[], datetime] = clock.now):
        self.url = config.database.url
        self.directory = Path(config.backup.dir)
        self.keep = config.backup.keep
        self.key_path = config.backup_key_path
        self.interval = timedelta(hours=config.backup.interval_hours)
        self.now = now
        self._retry_at: datetime | None = None

    @property
    def enabled(self) -> bool:
        return self.interval > timedelta(0)

    def last_taken(self) -> datetime | None:
        newest = scheduled_backups(self.directory)[-1:]
        if not newest:
            return None
        stamp = newest[0].name.removeprefix("aegis-").split(".")[0]
        return datetime.strptime(stamp, TIMESTAMP).replace(tzinfo=UTC)

    def next_due(self) -> datetime:
        last = self.last_taken()
        due = self.now() if last is None else last + self.interval
        return max(due, self._retry_at) if self._retry_at else due

    def due(self) -> bool:
        return self.enabled and self.now() >= self.next_due()

    def take(self) -> BackupResult:
        """One backup now (blocking: call it from a thread)."""
        result = backup_into(self.url, self.directory, self.keep, key=load_or_create_key(self.key_path))
        log.info(
            "scheduled backup %s: %d rows, %d bytes, %.1f s; %d old ones deleted",
            result.path,
            result.manifest.total_rows,
            result.size,
            result.seconds,
            len(result.pruned),
        )
        return result

    async def run_forever(self, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        """Take each backup when it is due; a failed one is logged and tried again RETRY_AFTER later."""
        if not self.enabled:
            return
        while True:
            if self.due():
                try:
                    await asyncio.to_thread(self.take)
                    self._retry_at = None
                except Exception:
                    log.exception("scheduled backup failed; trying again in %s", RETRY_AFTER)
                    self._retry_at = self.now() + RETRY_AFTER
            wait = (self.next_due() - self.now()).total_seconds()
            await sleep(min(max(wait, 1.0), LONGEST_NAP))
