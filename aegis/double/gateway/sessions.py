"""Gateway sessions and event routing, independent of the websocket plumbing in gateway.py.

A Session outlives its websocket: dispatches are numbered and kept in `frames` (seq N is frames[N-1]),
and the attached connection's pump writes them from `cursor` on. RESUME just moves the cursor back to
the client's last seq, so events dispatched while the client was away are replayed in order.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

from aegis.double import jsoncodec
from aegis.double.events.payloads import without_content
from aegis.double.world.intents import Intent, wants_event
from aegis.double.world.models import Application

CONTENT_EVENTS = frozenset({"MESSAGE_CREATE", "MESSAGE_UPDATE"})


def dispatch_frame(seq: int, event: str, data_json: str) -> str:
    return f'{{"op":0,"s":{seq},"t":"{event}","d":{data_json}}}'


class Connection:
    """One websocket. Every frame to the client goes through its pump, so compression stays ordered."""

    def __init__(self) -> None:
        self.session: Session | None = None
        self.control: deque[str] = deque()
        self.wakeup = asyncio.Event()
        self.ping_at_seq: int | None = None
        self.frames_sent = 0
        self.close_code: int | None = None  # set to ask the pump to close the socket
        self.abort = False

    def send_control(self, op: int, data: Any = None) -> None:
        self.control.append(jsoncodec.dumps({"op": op, "d": data}))
        self.wakeup.set()

    def close(self, code: int | None) -> None:
        """None drops the TCP connection without a close frame, like a network failure."""
        self.close_code = code
        self.abort = code is None
        self.wakeup.set()


class Session:
    def __init__(self, session_id: str, application: Application, intents: int, shard: tuple[int, int]) -> None:
        self.id = session_id
        self.application = application
        self.intents = intents
        self.shard = shard
        self.frames: list[str] = []
        self.events: list[str] = []  # event name of each frame, for tests to inspect
        self.cursor = 0
        self.connection: Connection | None = None
        self.client_seq = 0
        self.heartbeat = asyncio.Event()
        self.progress = asyncio.Event()  # set by the pump as frames go out
        self.resumes = 0

    @property
    def bot_user_id(self) -> int:
        return self.application.bot_user_id

    @property
    def seq(self) -> int:
        return len(self.frames)

    def append(self, event: str, data_json: str) -> int:
        seq = len(self.frames) + 1
        self.frames.append(dispatch_frame(seq, event, data_json))
        self.events.append(event)
        if self.connection is not None:
            self.connection.wakeup.set()
        return seq

    def handles_guild(self, guild_id: int) -> bool:
        shard_id, shard_count = self.shard
        return (guild_id >> 22) % shard_count == shard_id

    def client_heartbeat(self, seq: int | None) -> None:
        if seq is not None and seq > self.client_seq:
            self.client_seq = seq
        self.heartbeat.set()

    async def backlog_below(self, window: int) -> None:
        while self.connection is not None and len(self.frames) - self.cursor > window:
            self.progress.clear()
            await self.progress.wait()

    async def wait_until_read(self, timeout: float) -> None:
        """Wait until the client has parsed every frame dispatched so far.

        The pump sends a HEARTBEAT request (op 1) right after the last frame; discord.py answers it with
        the last seq it processed, and frames are processed in order.
        """
        target = self.seq
        async with asyncio.timeout(timeout):
            while self.client_seq < target:
                self.heartbeat.clear()
                if self.connection is not None:
                    self.connection.ping_at_seq = target
                    self.connection.wakeup.set()
                await self.heartbeat.wait()


class GatewayHub:
    """Routes dispatches to the sessions that would receive them on Discord (guild, shard, intents)."""

    def __init__(self, guild_members: Callable[[int], Any]) -> None:
        self._guild_members = guild_members
        self.sessions: dict[str, Session] = {}
        self.sessions_changed = asyncio.Event()

    def add(self, session: Session) -> None:
        self.sessions[session.id] = session
        self.sessions_changed.set()

    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.connection is not None]

    def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        *,
        guild_id: int | None = None,
        user_ids: tuple[int, ...] = (),
        application_id: int | None = None,
        content_visible_to: frozenset[int] = frozenset(),
        bots_allowed: Callable[[int], bool] | None = None,
    ) -> int:
        """Queue `event` for every interested session; returns how many sessions got it.

        Targets: sessions whose bot is in `guild_id` (on the right shard), or whose bot is one of
        `user_ids` (DMs), or the sessions of `application_id` (interactions); with `bots_allowed`, only those
        whose bot user it accepts (a permission the event needs, such as View Audit Log).
        """
        members = self._guild_members(guild_id) if guild_id is not None else None
        encoded: dict[bool, str] = {}
        delivered = 0
        for session in self.sessions.values():
            if not self._targets(session, members, guild_id, user_ids, application_id):
                continue
            if not wants_event(session.intents, event, guild_id is not None):
                continue
            if bots_allowed is not None and not bots_allowed(session.bot_user_id):
                continue
            full = (
                event not in CONTENT_EVENTS
                or guild_id is None
                or bool(session.intents & Intent.MESSAGE_CONTENT)
                or session.bot_user_id in content_visible_to
            )
            if full not in encoded:
                payload = data if full else without_content(data)
                encoded[full] = jsoncodec.dumps(payload)
            session.append(event, encoded[full])
            delivered += 1
        return delivered

    @staticmethod
    def _targets(session: Session, members, guild_id, user_ids, application_id) -> bool:
        if application_id is not None:
            return session.application.id == application_id and (guild_id is None or session.handles_guild(guild_id))
        if guild_id is not None:
            return session.bot_user_id in members and session.handles_guild(guild_id)
        return session.bot_user_id in user_ids
