"""What a test does to the double's plumbing rather than its world: the gateway sessions (cut, reconnect,
invalidate, replay) and the REST log (what was asked, and failures to answer with)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from aegis.double.gateway.sessions import Session
from aegis.double.rest.recorder import PlannedFailure, RecordedRequest
from aegis.double.world.models import Channel, Member, User


class Controls:
    """Mixed into DiscordDouble, whose `actions`, `hub`, `gateway`, `log`, `refused_commands` and `refusing_all`
    it uses."""

    async def feed_messages(self, messages: Iterable[tuple[Channel, User | Member, str]], *, window: int = 2000) -> int:
        """Dispatch many MESSAGE_CREATEs as fast as the clients read them (at most `window` unread each)."""
        count = 0
        for channel, author, content in messages:
            self.actions.create_message(channel, self._user(author), content)
            count += 1
            if count % 256 == 0:
                await self._backlog_below(window)
        return count

    async def _backlog_below(self, window: int) -> None:
        for session in self.hub.live_sessions():
            await session.backlog_below(window)

    # ---- gateway control ----------------------------------------------------------------------

    @property
    def sessions(self) -> list[Session]:
        return list(self.hub.sessions.values())

    async def wait_for_session(self, timeout: float = 5.0, *, count: int = 1) -> Session:
        async with asyncio.timeout(timeout):
            while len(self.hub.sessions) < count:
                self.hub.sessions_changed.clear()
                await self.hub.sessions_changed.wait()
        return list(self.hub.sessions.values())[count - 1]

    async def wait_until_read(self, timeout: float = 10.0) -> None:
        """Until every connected client has parsed every event dispatched so far."""
        for session in self.hub.live_sessions():
            await session.wait_until_read(timeout)

    def drop_connections(self, code: int | None = None) -> None:
        """Cut every gateway connection; None drops TCP without a close frame. Sessions stay resumable."""
        for connection in list(self.gateway.connections):
            connection.close(code)

    def request_reconnect(self) -> None:
        for connection in self.gateway.connections:
            connection.send_control(7)

    def invalidate_sessions(self, *, resumable: bool = False) -> None:
        for connection in self.gateway.connections:
            connection.send_control(9, resumable)
        if not resumable:
            self.hub.sessions.clear()

    def replay_last_event(self) -> None:
        """Send each session's latest dispatch once more, same seq, as a resume replay can."""
        for session in self.hub.live_sessions():
            if session.frames:
                session.connection.control.append(session.frames[-1])
                session.connection.wakeup.set()

    # ---- REST observation and failure injection -----------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.log.requests

    def requests_matching(self, method: str | None = None, route: str | None = None) -> list[RecordedRequest]:
        return self.log.matching(method, route)

    async def wait_for_request(
        self, method: str | None, route: str | None, timeout: float = 5.0, *, where=None, since: int = 0
    ) -> RecordedRequest:
        return await self.log.wait_for(method, route, timeout=timeout, where=where, since=since)

    def fail_next(
        self, method: str, route: str, *, status: int = 500, code: int = 0, message: str | None = None, times: int = 1
    ) -> None:
        body = {"message": message or f"{status}: injected failure", "code": code}
        self.log.plan_failure(PlannedFailure(method.upper(), route, status, body, {}, times))

    def refuse_command(
        self,
        name: str,
        field: str = "description",
        message: str = "Must be between 1 and 100 in length.",
        code: str = "BASE_TYPE_BAD_LENGTH",
    ) -> None:
        """Registering the command `name` is answered as Discord answers a bad one: 400, code 50035 and the
        `errors` object pointing at `field` of that command (`options.0.description` reaches into an option)."""
        self.refused_commands[name] = (field, message, code)

    def refuse_everything(self, status: int | None = 403) -> None:
        """Every REST call is answered with `status` (403 Missing Permissions, 401, 429) until called with None."""
        self.refusing_all = status

    def rate_limit_next(
        self, method: str, route: str, *, retry_after: float = 0.05, times: int = 1, is_global: bool = False
    ) -> None:
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global, "code": 0}
        headers = {
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": str(retry_after),
            "X-RateLimit-Bucket": "aegis-double-" + route,
            "X-RateLimit-Scope": "global" if is_global else "user",
            "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        self.log.plan_failure(PlannedFailure(method.upper(), route, 429, body, headers, times))
