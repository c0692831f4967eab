"""Where the bot feeds its metrics: discord.py's gateway parsers, aiohttp's request tracing, an event-loop lag probe,
and, just before each scrape, what the client holds (shards, caches, the invalid-request count, the schedule)."""

import asyncio
import math
import re
import time
from datetime import timedelta
from typing import Any

import aiohttp

from aegis import clock
from aegis.services.dbcall import db_call
from aegis.services.observability import metrics as m
from aegis.storage import health

LAG_PROBE_EVERY = 0.5
OVERDUE_AFTER = timedelta(minutes=1)
_API_PREFIX = re.compile(r"^.*?/api/v\d+")
_TOKEN_AFTER = ("interactions", "webhooks")  # /interactions/{id}/{token}/…, /webhooks/{id}/{token}/…


def count_gateway_events(parsers: dict[str, Any]) -> None:
    """Count each dispatch event by type as discord.py parses it (its parsers dict is the one the websocket reads)."""
    for event, parse in list(parsers.items()):
        parsers[event] = _counted(event, parse)


def _counted(event: str, parse):
    counts = m.GATEWAY_EVENTS.counts  # the scrape lists the event types that came, not all eighty

    def counted(data):
        counts[event] += 1
        return parse(data)

    return counted


def route_of(path: str) -> str:
    """`/api/v10/guilds/1/members/2` → `/guilds/{id}/members/{id}`: ids, interaction tokens and emoji folded, so the
    label stays one per route (a token must never reach a metric)."""
    parts: list[str] = []
    for part in _API_PREFIX.sub("", path).strip("/").split("/"):
        if part.isdigit():
            parts.append("{id}")
        elif len(parts) >= 2 and parts[-1] == "{id}" and parts[-2] in _TOKEN_AFTER:
            parts.append("{token}")
        elif parts and parts[-1] == "reactions":
            parts.append("{emoji}")
        else:
            parts.append(part)
    return "/" + "/".join(parts)


def observe_rest(trace: aiohttp.TraceConfig) -> aiohttp.TraceConfig:
    """Add Discord REST metrics to the trace config the client already has (one `http_trace` per client)."""

    async def started(_session, context, _params) -> None:
        context.aegis_started = time.perf_counter()

    async def ended(_session, context, params: aiohttp.TraceRequestEndParams) -> None:
        route, method, status = route_of(params.url.path), params.method, params.response.status
        m.DISCORD_REQUESTS.labels(method, route, str(status)).inc()
        if started_at := getattr(context, "aegis_started", None):
            m.DISCORD_REQUEST_SECONDS.labels(method, route).observe(time.perf_counter() - started_at)
        if status == 429:
            headers = params.response.headers
            m.RATE_LIMITED.labels(route, headers.get("X-RateLimit-Scope", "unknown")).inc()
            wait = headers.get("X-RateLimit-Reset-After") or headers.get("Retry-After")
            try:
                m.RATE_LIMIT_WAIT.labels(route).inc(max(0.0, float(wait)))
            except (TypeError, ValueError):
                pass  # no wait stated: counted above, nothing to add

    trace.on_request_start.append(started)
    trace.on_request_end.append(ended)
    return trace


async def probe_loop_lag() -> None:
    """How much later than asked the loop wakes a sleeper: the wait any event or command sees on top of its own."""
    loop = asyncio.get_running_loop()
    while True:
        asked = loop.time()
        await asyncio.sleep(LAG_PROBE_EVERY)
        m.LOOP_LAG.set(max(0.0, loop.time() - asked - LAG_PROBE_EVERY))


async def refresh_state(bot) -> None:
    """The gauges that describe what is, read at scrape time rather than kept up to date on every change."""
    for shard_id, shard in bot.shards.items():
        latency = shard.latency
        if math.isfinite(latency):
            m.SHARD_LATENCY.labels(str(shard_id)).set(latency)
        m.SHARD_UP.labels(str(shard_id)).set(0 if shard.is_closed() else 1)
    for cache, size in cache_sizes(bot).items():
        m.CACHE_ENTRIES.labels(cache).set(size)
    m.INVALID_REQUESTS.set(bot.invalid_requests.count)
    pending, overdue = await db_call(health.schedule_backlog, clock.now() - OVERDUE_AFTER)
    m.SCHEDULED_ACTIONS.labels("pending").set(pending)
    m.SCHEDULED_ACTIONS.labels("overdue").set(overdue)


def cache_sizes(bot) -> dict[str, int]:
    guilds = bot.guilds
    return {
        "guilds": len(guilds),
        "members": sum(len(g._members) for g in guilds),  # the dict's size; .members would build a list per guild
        "users": len(bot.users),
        "messages": len(bot.cached_messages),
        "automod_settings": len(bot.automod_settings.cache),
        "expiry_timers": len(bot.expiries.armed),
    }
