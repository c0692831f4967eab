"""Every metric Aegis exports, in one place (docs/operations.md lists them). Counters and histograms are fed where
the work happens; the gauges that describe state (shards, caches, the schedule) are set just before a scrape."""

import functools
import time
from collections import Counter as Tallies
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics
from prometheus_client.core import CounterMetricFamily

# Discord and database calls: most take milliseconds, a slow one seconds.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
registry: CollectorRegistry = REGISTRY  # also carries prometheus_client's process_* and python_* metrics
disable_created_metrics()  # a `_created` twin for every counter doubles the scrape and tells an operator nothing


class Tally:
    """A counter with one label for the hottest paths (every gateway event, every message): a plain dict `+= 1`
    on the event loop, a fraction of prometheus_client's locked increment; turned into a counter when scraped."""

    def __init__(self, name: str, documentation: str, label: str, known: tuple[str, ...] = ()) -> None:
        self.name, self.documentation, self.label = name, documentation, label
        self.counts: Tallies[str] = Tallies(dict.fromkeys(known, 0))
        registry.register(self)

    def collect(self):
        family = CounterMetricFamily(self.name, self.documentation, labels=[self.label])
        for value, count in sorted(self.counts.items()):
            family.add_metric([value], count)
        yield family


GATEWAY_EVENTS = Tally("aegis_gateway_events", "Gateway dispatch events received, by type", "type")
LOOP_LAG = Gauge("aegis_event_loop_lag_seconds", "How late the event loop last ran a timer it had been given")
AUTOMOD_CHECKS = Tally("aegis_automod_checks", "Messages and joins automod judged", "kind", ("message", "join"))
AUTOMOD_VERDICTS = Counter(
    "aegis_automod_verdicts", "Automod rules that triggered, by rule and the action they ask for", ["rule", "action"]
)
MODERATION_ACTIONS = Counter(
    "aegis_moderation_actions",
    "Moderation actions by case type and outcome (applied, recorded, refused, failed)",
    ["type", "outcome"],
)
EXPIRIES = Counter(
    "aegis_expiries", "Scheduled expiries run, by kind and result (done, retry, failed)", ["kind", "result"]
)
DISCORD_REQUESTS = Counter(
    "aegis_discord_requests", "Discord REST answers, by method, route and status", ["method", "route", "status"]
)
DISCORD_REQUEST_SECONDS = Histogram(
    "aegis_discord_request_seconds", "Discord REST round trips", ["method", "route"], buckets=LATENCY_BUCKETS
)
RATE_LIMITED = Counter("aegis_discord_rate_limited", "429 answers from Discord, by route and scope", ["route", "scope"])
RATE_LIMIT_WAIT = Counter(
    "aegis_discord_rate_limit_wait_seconds",
    "Seconds Discord's 429 answers asked Aegis to wait (retry_after)",
    ["route"],
)
INVALID_REQUESTS = Gauge(
    "aegis_discord_invalid_requests",
    "401, 403 and 429 answers in Discord's last 10 minutes (the invalid-request limit)",
)
DB_CALL_SECONDS = Histogram(
    "aegis_db_call_seconds", "Database work from the bot, by storage function", ["call"], buckets=LATENCY_BUCKETS
)
REDIS_CALL_SECONDS = Histogram(
    "aegis_redis_call_seconds", "Redis round trips, by what they are for", ["call"], buckets=LATENCY_BUCKETS
)
SCHEDULED_ACTIONS = Gauge(
    "aegis_scheduled_actions", "Expiries waiting: pending, and overdue (pending past their time by a minute)", ["state"]
)
SHARD_LATENCY = Gauge("aegis_shard_latency_seconds", "Gateway heartbeat round trip per shard", ["shard"])
SHARD_UP = Gauge("aegis_shard_up", "1 while the shard's gateway connection is open", ["shard"])
CACHE_ENTRIES = Gauge("aegis_cache_entries", "Objects held in memory, by cache", ["cache"])


def counted(kind: str, verdicts) -> None:
    """One automod judgement of a message or a join, and the verdicts it gave."""
    AUTOMOD_CHECKS.counts[kind] += 1
    for verdict in verdicts:
        AUTOMOD_VERDICTS.labels(verdict.rule, verdict.action.value).inc()


@contextmanager
def timed(histogram: Histogram, call: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        histogram.labels(call).observe(time.perf_counter() - started)


def call_name(fn) -> str:
    """`aegis.storage.cases.create` → `cases.create`: a bounded label, one per storage function."""
    module = getattr(fn, "__module__", None) or ""
    name = getattr(fn, "__qualname__", None) or type(fn).__name__
    return f"{module.rsplit('.', 1)[-1]}.{name}" if module else name


def timed_db_calls(db_call):
    """Around `db_call`: how long each storage function took, seen from the event loop (a wait for a free worker
    thread included, as the command waiting on it sees it)."""

    @functools.wraps(db_call)
    async def timed_call(fn, *args, **kwargs):
        with timed(DB_CALL_SECONDS, call_name(fn)):
            return await db_call(fn, *args, **kwargs)

    return timed_call
