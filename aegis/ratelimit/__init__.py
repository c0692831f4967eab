"""Rate limiting: GCRA buckets in memory (embedded) or Redis (shared), with fallback."""

from aegis.ratelimit.base import BucketState, Decision, RateLimiter
from aegis.ratelimit.buckets import DEFAULT_BUCKETS, BucketSpec, ResolvedBuckets, resolve_buckets
from aegis.ratelimit.fallback import FallbackRateLimiter
from aegis.ratelimit.memory import MemoryRateLimiter
from aegis.ratelimit.redis_limiter import RedisRateLimiter

__all__ = [
    "DEFAULT_BUCKETS",
    "BucketSpec",
    "BucketState",
    "Decision",
    "FallbackRateLimiter",
    "MemoryRateLimiter",
    "RateLimiter",
    "RedisRateLimiter",
    "ResolvedBuckets",
    "resolve_buckets",
]
