"""The invalid-request budget in the running bot: fed every answer Discord gives (aiohttp's request tracing, which
discord.py takes as `http_trace`; discord.py retries a 429 itself, and each try counts, as it does for Discord), and
holding the work that can wait while it is spent."""

import aiohttp

from aegis.domain.records import InvalidRequests
from aegis.services.ports import DiscordGateway
from aegis.services.raids.actions import tell_moderators
from aegis.services.ratelimit.invalid_requests import InvalidRequestBudget
from aegis.services.wording import ratelimit as wording


def counting_trace(budget: InvalidRequestBudget) -> aiohttp.TraceConfig:
    async def answered(_session, _context, params: aiohttp.TraceRequestEndParams) -> None:
        budget.record(params.response.status, params.response.headers.get("X-RateLimit-Scope"))

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(answered)
    return trace


class MassWorkHold:
    """For the services: `spent()` for work that is refused while the budget is spent (purge), `until_calm()` for
    work that waits it out (raid resolve, through the pacer), telling the guild's mod log why."""

    def __init__(self, budget: InvalidRequestBudget, gateway: DiscordGateway) -> None:
        self.budget, self.gateway = budget, gateway

    def spent(self) -> InvalidRequests | None:
        return self.budget.snapshot() if self.budget.paused else None

    async def until_calm(self, guild_id: int) -> None:
        async def tell(spent: InvalidRequests) -> None:
            await tell_moderators(self.gateway, guild_id, wording.mass_work_paused(spent, "Raid resolve"))

        await self.budget.until_calm(tell)
