"""Daily counters (messages, joins, detections, actions) added up in memory and written every few seconds,
so a busy guild costs one statement per flush, not one per message."""

import logging
from collections import Counter, defaultdict

from aegis import clock
from aegis.services.dbcall import db_call
from aegis.storage.records import activity

log = logging.getLogger("aegis.services.automod")


class CounterBatch:
    def __init__(self) -> None:
        self._pending: defaultdict[int, Counter] = defaultdict(Counter)
        self._messages: dict[int, int] = {}  # kept apart: counted on every message, where Counter.update is costly

    def add(self, guild_id: int, **increments: int) -> None:
        self._pending[guild_id].update(increments)

    def add_message(self, guild_id: int) -> None:
        messages = self._messages
        messages[guild_id] = messages.get(guild_id, 0) + 1

    async def flush(self) -> int:
        """Writes what has been counted since the last flush; on failure it is kept for the next one."""
        pending, self._pending = self._pending, defaultdict(Counter)
        messages, self._messages = self._messages, {}
        for guild_id, count in messages.items():
            pending[guild_id]["messages"] += count
        day = clock.now().date()
        written = 0
        for guild_id, counts in pending.items():
            try:
                await db_call(activity.bump_counters, guild_id, day, **counts)
                written += 1
            except Exception:
                log.exception("counter flush failed guild=%s; keeping the counts for the next flush", guild_id)
                self._pending[guild_id].update(counts)
        return written
