"""Redis rate limiter: shared by every bot process and the console, one round trip per decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from aegis.services.ratelimit.base import (
    BucketState,
    Decision,
    GcraLimiter,
    check_args,
    decision_from,
    interval_us,
    near_limit,
    sort_states,
    state_from,
    to_us,
)

if TYPE_CHECKING:
    import redis

DEFAULT_PREFIX = "aegis:rl:"  # without a configured prefix (tests); a deployment's is RedisConfig.rate_limit_prefix

# Mirrors base.gcra_step, in whole microseconds (exact integers in Lua's doubles), so it
# decides exactly as the in-process limiter does. Integers are formatted with %d: Lua's
# tostring would switch to exponent notation for epoch microseconds.
# The TTL is the backlog plus a second, so an idle key disappears once its bucket is empty.
_GCRA_LUA = """
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local step = tonumber(ARGV[3])
local consume = ARGV[7] == '1'
local state = redis.call('HMGET', KEYS[1], 'tat', 'denied')
local tat = tonumber(state[1])
local denied = tonumber(state[2]) or 0
if tat == nil or tat <= now then
  tat = now
  denied = 0
end
local allowed = tat + step - now <= limit * step
if consume then
  if allowed then tat = tat + step else denied = denied + 1 end
  redis.call('HSET', KEYS[1], 'tat', string.format('%d', tat), 'denied', denied,
             'limit', ARGV[2], 'window', ARGV[4], 'bucket', ARGV[5], 'key', ARGV[6])
  redis.call('PEXPIRE', KEYS[1], math.ceil((tat - now) / 1000) + 1000)
end
return {allowed and 1 or 0, tat - now}
"""


class RedisRateLimiter(GcraLimiter):
    """GCRA in one Lua script; keys are `{prefix}{bucket}:{key}` hashes with TTLs.

    The prefix is the deployment's `[redis] prefix` + "rl:", so two deployments on one Redis never share a bucket.

    Pass `now` from the caller's clock (the script never reads Redis' clock), so several
    processes agree as far as their clocks do and tests are deterministic.
    """

    def __init__(
        self,
        client: redis.Redis,
        prefix: str = DEFAULT_PREFIX,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._clock = clock
        # register_script sends EVALSHA and only falls back to EVAL (re-loading the script)
        # after a NOSCRIPT reply, e.g. once after Redis restarts.
        self._script = client.register_script(_GCRA_LUA)

    @classmethod
    def from_url(cls, url: str, timeout_s: float = 0.5, **kwargs) -> RedisRateLimiter:
        """A client tuned for rate limiting: fail fast, so the fallback can take over."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.Redis.from_url(
            url,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            retry=Retry(NoBackoff(), 1),
        )
        return cls(client, **kwargs)

    @property
    def client(self) -> redis.Redis:
        return self._client

    def key_for(self, bucket: str, key: str) -> str:
        return f"{self._prefix}{bucket}:{key}"

    def _decide(self, bucket: str, key: str, limit: int, window_s: float, now: float | None, consume: bool) -> Decision:
        check_args(limit, window_s)
        t = to_us(self._now(now))
        step = interval_us(limit, window_s)
        allowed, backlog = self._script(
            keys=[self.key_for(bucket, key)],
            args=[t, limit, step, repr(float(window_s)), bucket, key, "1" if consume else "0"],
        )
        return decision_from(bool(allowed), int(backlog), limit, step)

    def reset(self, bucket: str, key: str) -> None:
        self._client.delete(self.key_for(bucket, key))

    def snapshot(self, min_fill: float = 0.8, now: float | None = None) -> list[BucketState]:
        t = to_us(self._now(now))
        states: list[BucketState] = []
        keys = list(self._client.scan_iter(match=f"{_glob_escape(self._prefix)}*", count=1000))
        for start in range(0, len(keys), 500):
            pipe = self._client.pipeline(transaction=False)
            for k in keys[start : start + 500]:
                pipe.hmget(k, "tat", "denied", "limit", "window", "bucket", "key")
            for row in pipe.execute():
                state = _parse_row(row, t)
                if state is not None and near_limit(state, min_fill):
                    states.append(state)
        return sort_states(states)


def _parse_row(row: list[bytes | None], now_us: int) -> BucketState | None:
    tat, denied, limit, window, bucket, key = row
    if None in (tat, limit, window, bucket, key):
        return None  # expired between SCAN and HMGET, or not ours
    backlog = int(tat) - now_us
    if backlog <= 0:
        return None
    return state_from(bucket.decode(), key.decode(), backlog, int(limit), float(window), int(denied or 0))


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)
