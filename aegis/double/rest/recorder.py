"""Every REST call the double answered, and failures tests plan for the next calls to a route."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # e.g. /guilds/1/bans/2 (without the /api/v10 prefix)
    route: str  # e.g. /guilds/{guild_id}/bans/{user_id}
    params: dict[str, str]  # path parameters
    query: dict[str, str]
    json: Any
    reason: str | None  # X-Audit-Log-Reason, URL-decoded
    status: int
    response: Any
    at: float = field(default_factory=time.monotonic)
    files: tuple[tuple[str, bytes], ...] = ()  # uploaded (filename, content), for tests to read what was sent

    def matches(self, method: str | None, route: str | None) -> bool:
        return (method is None or self.method == method.upper()) and (route is None or route in (self.route, self.path))


@dataclass
class PlannedFailure:
    method: str
    route: str
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    remaining: int


class RequestLog:
    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._changed = asyncio.Condition()
        self._failures: list[PlannedFailure] = []

    def record(self, request: RecordedRequest) -> None:
        self.requests.append(request)
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def matching(self, method: str | None = None, route: str | None = None) -> list[RecordedRequest]:
        return [r for r in self.requests if r.matches(method, route)]

    async def wait_for(
        self,
        method: str | None,
        route: str | None,
        *,
        timeout: float,
        where: Callable[[RecordedRequest], bool] | None = None,
        since: int = 0,
    ) -> RecordedRequest:
        """First request from index `since` on that matches; waits for one to arrive if need be."""

        def found() -> RecordedRequest | None:
            for request in self.requests[since:]:
                if request.matches(method, route) and (where is None or where(request)):
                    return request
            return None

        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: found() is not None)
        return found()

    def plan_failure(self, failure: PlannedFailure) -> None:
        self._failures.append(failure)

    def take_failure(self, method: str, route: str) -> PlannedFailure | None:
        for failure in self._failures:
            if failure.method == method and failure.route == route:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                return failure
        return None
