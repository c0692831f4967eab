"""Outgoing automod calls kept under the guild's `automod_actions` bucket, and deletes gathered into bulk calls."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from aegis.services.ports import DiscordGateway
from aegis.services.ratelimit import DEFAULT_BUCKETS, BucketSpec, Decision, MemoryRateLimiter, RateLimiter

log = logging.getLogger("aegis.services.automod")
BULK_LIMIT = 100  # Discord's bulk delete takes at most 100 ids per call


async def limiter_hit(limiter: RateLimiter, bucket: str, key: str, spec: BucketSpec) -> Decision:
    """In-process limits are answered at once; a Redis round trip (or its timeout) runs off the event loop."""
    if isinstance(limiter, MemoryRateLimiter):
        return limiter.hit(bucket, key, spec.limit, spec.window_s)
    return await asyncio.get_running_loop().run_in_executor(None, limiter.hit, bucket, key, spec.limit, spec.window_s)


class Pacer:
    """Waits for room in a per-guild bucket. `max_wait_s` None waits as long as it takes: that is mass work that
    can wait (a moderator's /raid resolve), which also waits out `hold_mass_work` (the invalid-request budget);
    automod gives up on a call that would wait longer and says so in its event."""

    def __init__(
        self,
        limiter: RateLimiter,
        bucket: str = "automod_actions",
        spec_for: Callable[[int], BucketSpec] | None = None,
        hold_mass_work: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        self.limiter, self.bucket = limiter, bucket
        self._spec_for = spec_for or (lambda _guild_id: DEFAULT_BUCKETS[bucket])
        self.hold_mass_work = hold_mass_work

    async def wait(self, guild_id: int, max_wait_s: float | None = 120.0) -> bool:
        if max_wait_s is None and self.hold_mass_work is not None:
            await self.hold_mass_work(guild_id)
        spec = self._spec_for(guild_id)
        waited = 0.0
        while True:
            decision = await limiter_hit(self.limiter, self.bucket, spec.key(guild_id), spec)
            if decision.allowed:
                return True
            if max_wait_s is not None and waited + decision.retry_after > max_wait_s:
                return False
            await asyncio.sleep(decision.retry_after)
            waited += decision.retry_after


@dataclass
class _Batch:
    guild_id: int
    reason: str
    ids: set[int] = field(default_factory=set)
    done: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class DeleteBatcher:
    """Deletes asked for within `gather_s` in one channel go out as one bulk call: a burst of eight messages is
    one or two calls against the bucket, not eight. `delete` returns once its ids are gone (or raises why not)."""

    def __init__(self, gateway: DiscordGateway, pacer: Pacer, gather_s: float = 0.25) -> None:
        self.gateway, self.pacer, self.gather_s = gateway, pacer, gather_s
        self._pending: dict[int, _Batch] = {}
        self._deleted: dict[int, None] = {}  # recently deleted ids: a later verdict may name them again

    async def delete(self, guild_id: int, channel_id: int, ids: Iterable[int], reason: str) -> int:
        wanted = {i for i in ids if i not in self._deleted}
        if not wanted:
            return 0
        batch = self._pending.get(channel_id)
        if batch is None:
            batch = self._pending[channel_id] = _Batch(guild_id, reason)
            asyncio.get_running_loop().call_later(self.gather_s, self._flush_soon, channel_id)
        batch.ids |= wanted
        await asyncio.shield(batch.done)
        return len(wanted)

    def _flush_soon(self, channel_id: int) -> None:
        asyncio.ensure_future(self._flush(channel_id, self._pending.pop(channel_id)))

    async def _flush(self, channel_id: int, batch: _Batch) -> None:
        try:
            ordered = sorted(batch.ids)
            for start in range(0, len(ordered), BULK_LIMIT):
                chunk = ordered[start : start + BULK_LIMIT]
                if not await self.pacer.wait(batch.guild_id):
                    raise RateLimited(f"automod_actions bucket full; {len(ordered) - start} message(s) left")
                await self.gateway.delete_messages(channel_id, chunk, reason=batch.reason)
                self._remember(chunk)
        except Exception as exc:
            batch.done.set_exception(exc)
            batch.done.exception()  # retrieved: a batch nobody awaits any more must not log "never retrieved"
        else:
            batch.done.set_result(None)

    def _remember(self, ids: list[int]) -> None:
        self._deleted.update(dict.fromkeys(ids))
        while len(self._deleted) > 10_000:
            self._deleted.pop(next(iter(self._deleted)))


class RateLimited(Exception):
    """Automod's own bucket for Discord calls is full; the call was not made."""
