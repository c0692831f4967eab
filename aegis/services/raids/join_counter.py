"""Every member join hits the guild's `joins` rate-limit bucket; a refused hit is a join spike. A short in-process
history of who joined inside the bucket's window names the spike's joiners, who become the raid's first cohort."""

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aegis.services.automod import JoinWindow
from aegis.services.ratelimit import DEFAULT_BUCKETS, BucketSpec, RateLimiter
from aegis.services.ratelimit.buckets import MAX_LIMIT
from aegis.services.ratelimit.pacing import limiter_hit

BUCKET = "joins"


@dataclass(frozen=True, slots=True)
class Joiner:
    guild_id: int
    user_id: int
    joined_at: datetime
    account_created_at: datetime | None = None


class JoinCounter:
    """Lives on the event loop (not thread-safe). Memory: one deque per guild of at most the largest bucket limit
    plus one, and guilds whose joins all left their window are dropped every SWEEP_EVERY joins."""

    SWEEP_EVERY = 1024

    def __init__(self, limiter: RateLimiter, spec_for: Callable[[int], BucketSpec] | None = None) -> None:
        self.limiter = limiter
        self.spec_for = spec_for or (lambda _guild_id: DEFAULT_BUCKETS[BUCKET])
        self._recent: dict[int, deque[Joiner]] = {}
        self._since_sweep = 0

    async def count(self, joiner: Joiner) -> JoinWindow:
        spec = self.spec_for(joiner.guild_id)
        inside = tuple(j.user_id for j in self._remember(joiner, spec.window_s))  # before the await: in join order
        decision = await limiter_hit(self.limiter, BUCKET, spec.key(joiner.guild_id), spec)
        return JoinWindow(spec.limit, spec.window_s, not decision.allowed, inside)

    def joiners(self, guild_id: int, user_ids: Iterable[int], fallback_at: datetime) -> list[Joiner]:
        """The recent joins of these users, once each, in the order given. One whose join has left the history
        already (a busy guild moved on) is still named, with `fallback_at` as the time."""
        known = {j.user_id: j for j in self._recent.get(guild_id, ())}
        return [known.get(uid) or Joiner(guild_id, uid, fallback_at) for uid in dict.fromkeys(user_ids)]

    def _remember(self, joiner: Joiner, window_s: float) -> deque[Joiner]:
        recent = self._recent.get(joiner.guild_id)
        if recent is None:
            recent = self._recent[joiner.guild_id] = deque(maxlen=MAX_LIMIT + 1)
        horizon = joiner.joined_at - timedelta(seconds=window_s)
        while recent and recent[0].joined_at <= horizon:
            recent.popleft()
        recent.append(joiner)
        self._since_sweep += 1
        if self._since_sweep >= self.SWEEP_EVERY:
            self._sweep(joiner.joined_at)
        return recent

    def _sweep(self, now: datetime) -> None:
        self._since_sweep = 0
        for guild_id, recent in list(self._recent.items()):
            if recent[-1].joined_at <= now - timedelta(seconds=self.spec_for(guild_id).window_s):
                del self._recent[guild_id]
