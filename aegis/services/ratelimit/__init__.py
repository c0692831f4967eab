"""Rate limiting: GCRA buckets in memory (embedded) or Redis (shared), with fallback."""

from aegis.services.ratelimit.base import BucketState, Decision, RateLimiter
from aegis.services.ratelimit.buckets import DEFAULT_BUCKETS, BucketSpec, ResolvedBuckets, resolve_buckets
from aegis.services.ratelimit.fallback import FallbackRateLimiter
from aegis.services.ratelimit.memory import MemoryRateLimiter
from aegis.services.ratelimit.redis_limiter import RedisRateLimiter

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
