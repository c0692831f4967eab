"""Redis first, in-process when Redis is away: rate limiting degrades, it never breaks a command."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from aegis.services.ratelimit.base import BucketState, Decision, RateLimiter

log = logging.getLogger("aegis.services.ratelimit")

DOWN_MESSAGE = "Redis unreachable, rate limits are per-process until it answers again"
BACK_MESSAGE = "Redis answers again, rate limits are shared across processes"


def _is_unreachable(exc: BaseException) -> bool:
    try:
        from redis.exceptions import ConnectionError, TimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency, but the core need not be
        return isinstance(exc, OSError)
    return isinstance(exc, ConnectionError | TimeoutError | OSError)


class FallbackRateLimiter:
    """Decides on `primary` while it answers, on `fallback` while it does not.

    Outage: one warning, then the primary is left alone and re-tried (with the real
    request) at most every `probe_interval_s`; one info line when it answers again. Any
    other primary error (a script bug, say) is logged with its traceback and that one
    call is decided on the fallback: a rate limiter must never take a command down.
    """

    def __init__(
        self,
        primary: RateLimiter,
        fallback: RateLimiter,
        probe_interval_s: float = 5.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self._probe_interval_s = probe_interval_s
        self._clock = clock
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._next_probe = 0.0

    @property
    def degraded(self) -> bool:
        return self._down_since is not None

    def _monotonic(self) -> float:
        return self._clock() if self._clock is not None else time.monotonic()

    def _use_primary(self) -> bool:
        with self._lock:
            if self._down_since is None:
                return True
            now = self._monotonic()
            if now < self._next_probe:
                return False
            # Only one caller probes per interval; the others stay on the fallback.
            self._next_probe = now + self._probe_interval_s
            return True

    def _call(self, name: str, *args, **kwargs):
        if self._use_primary():
            try:
                result = getattr(self.primary, name)(*args, **kwargs)
            except Exception as exc:
                self._failed(exc)
            else:
                self._answered()
                return result
        try:
            return getattr(self.fallback, name)(*args, **kwargs)
        except Exception:
            log.exception("in-process rate limiter failed in %s; allowing the call", name)
            return None

    def _failed(self, exc: Exception) -> None:
        if not _is_unreachable(exc):
            log.exception("rate limiter backend error; deciding this call in-process")
            return
        with self._lock:
            first = self._down_since is None
            if first:
                self._down_since = self._monotonic()
                self._next_probe = self._down_since + self._probe_interval_s
        if first:
            log.warning("%s (%s)", DOWN_MESSAGE, exc)

    def _answered(self) -> None:
        with self._lock:
            was_down = self._down_since is not None
            self._down_since = None
        if was_down:
            log.info(BACK_MESSAGE)

    def hit(self, bucket: str, key: str, limit: int, window_s: float, now: float | None = None) -> Decision:
        return self._call("hit", bucket, key, limit, window_s, now) or _open(limit, window_s)

    def peek(self, bucket: str, key: str, limit: int, window_s: float, now: float | None = None) -> Decision:
        return self._call("peek", bucket, key, limit, window_s, now) or _open(limit, window_s)

    def reset(self, bucket: str, key: str) -> None:
        # Reset both: a key limited during an outage must not stay limited afterwards.
        self._call("reset", bucket, key)
        try:
            self.fallback.reset(bucket, key)
        except Exception:
            log.exception("in-process rate limiter failed in reset")

    def snapshot(self, min_fill: float = 0.8, now: float | None = None) -> list[BucketState]:
        return self._call("snapshot", min_fill, now) or []


def _open(limit: int, window_s: float) -> Decision:
    """What to decide when both backends failed: let the call through."""
    return Decision(allowed=True, remaining=limit, reset_after=0.0, retry_after=0.0, count=0, limit=limit)
