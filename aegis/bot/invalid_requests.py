"""The bot's HTTP layer feeds Discord's every answer to the invalid-request budget (aiohttp's request tracing, which
discord.py takes as `http_trace`): discord.py retries a 429 itself, and each try counts, as it does for Discord."""

import aiohttp

from aegis.services.ratelimit.invalid_requests import InvalidRequestBudget


def counting_trace(budget: InvalidRequestBudget) -> aiohttp.TraceConfig:
    async def answered(_session, _context, params: aiohttp.TraceRequestEndParams) -> None:
        budget.record(params.response.status, params.response.headers.get("X-RateLimit-Scope"))

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(answered)
    return trace
