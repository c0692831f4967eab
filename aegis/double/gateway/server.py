"""The gateway websocket: HELLO, IDENTIFY/READY/GUILD_CREATE, RESUME, heartbeats, member chunks.

Close codes follow Discord: 4001 unknown opcode, 4002 decode error, 4003 not authenticated,
4004 authentication failed, 4005 already authenticated, 4010 invalid shard, 4012 invalid API version,
4013 invalid intents, 4014 disallowed intents.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from aegis.double import jsoncodec
from aegis.double.events import payloads
from aegis.double.gateway.compression import encoder_for
from aegis.double.gateway.sessions import Connection, GatewayHub, Session
from aegis.double.world.intents import PRIVILEGED, Intent
from aegis.double.world.state import DoubleState

log = logging.getLogger(__name__)

HELLO, HEARTBEAT, IDENTIFY, RESUME, REQUEST_MEMBERS, INVALID_SESSION, HEARTBEAT_ACK = 10, 1, 2, 6, 8, 9, 11
IGNORED_OPS = frozenset({3, 4})  # presence and voice state updates: accepted, nothing to do


class Gateway:
    def __init__(self, state: DoubleState, hub: GatewayHub, *, heartbeat_interval_ms: int, url: Callable[[], str]):
        self.state = state
        self.hub = hub
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self._url = url
        self.connections: list[Connection] = []

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        query = request.query
        if query.get("v", "10") != "10":
            await ws.close(code=4012, message=b"Invalid API version")
            return ws
        if query.get("encoding", "json") != "json":
            await ws.close(code=4002, message=b"Only JSON encoding is supported by the double")
            return ws
        try:
            encode = encoder_for(query.get("compress"))
        except ValueError as exc:
            await ws.close(code=4002, message=str(exc).encode())
            return ws

        connection = Connection()
        self.connections.append(connection)
        pump = asyncio.create_task(self._pump(ws, request, connection, encode))
        connection.send_control(HELLO, {"heartbeat_interval": self.heartbeat_interval_ms})
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    connection.close(4002)
                    break
                self._on_payload(connection, jsoncodec.loads(message.data))
        finally:
            self._detach(connection)
            self.connections.remove(connection)
            await _stop(pump, closing=connection.close_code is not None)
        return ws

    def _on_payload(self, connection: Connection, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d")
        session = connection.session
        if op == HEARTBEAT:
            if session is not None:
                session.client_heartbeat(data)
            connection.send_control(HEARTBEAT_ACK)
        elif op == IDENTIFY:
            self._identify(connection, data or {})
        elif op == RESUME:
            self._resume(connection, data or {})
        elif session is None and op in (REQUEST_MEMBERS, *IGNORED_OPS):
            connection.close(4003)
        elif op == REQUEST_MEMBERS:
            self._send_member_chunk(session, data or {})
        elif op not in IGNORED_OPS:
            connection.close(4001)

    def _identify(self, connection: Connection, data: dict[str, Any]) -> None:
        if connection.session is not None:
            return connection.close(4005)
        application = self.state.application_for_token(_bare_token(data.get("token")))
        if application is None:
            return connection.close(4004)
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0:
            return connection.close(4013)
        if intents & PRIVILEGED & ~application.privileged_intents:
            return connection.close(4014)
        shard = data.get("shard") or [0, 1]
        if len(shard) != 2 or not 0 <= shard[0] < shard[1]:
            return connection.close(4010)

        session = Session(secrets.token_hex(16), application, intents, (shard[0], shard[1]))
        self.hub.add(session)
        _attach(connection, session)
        bot = self.state.users[application.bot_user_id]
        guilds = [g for g in self.state.guilds_of(bot.id) if session.handles_guild(g.id)]
        ready = {
            "v": 10,
            "user": payloads.current_user(bot),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "resume_gateway_url": self._url(),
            "shard": list(session.shard),
            "application": {"id": str(application.id), "flags": application.flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "_trace": ["aegis-discord-double"],
        }
        session.append("READY", jsoncodec.dumps(ready))
        with_members = bool(intents & Intent.GUILD_MEMBERS)
        for guild in guilds:
            members = list(guild.members.values()) if with_members else [guild.members[bot.id]]
            session.append(
                "GUILD_CREATE",
                jsoncodec.dumps(payloads.guild_create(self.state, guild, members=members, bot_id=bot.id)),
            )

    def _resume(self, connection: Connection, data: dict[str, Any]) -> None:
        session = self.hub.sessions.get(data.get("session_id"))
        seq = data.get("seq") or 0
        token = _bare_token(data.get("token"))
        if session is None or session.application.token != token or not 0 <= seq <= session.seq:
            return connection.send_control(INVALID_SESSION, False)
        previous = session.connection
        if previous is not None and previous is not connection:
            previous.session = None
            previous.close(4000)
        _attach(connection, session)
        session.cursor = seq
        session.resumes += 1
        session.append("RESUMED", "{}")

    def _send_member_chunk(self, session: Session, data: dict[str, Any]) -> None:
        guild_ids = data.get("guild_id")
        for guild_id in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            guild = self.state.guilds.get(int(guild_id))
            if guild is None:
                continue
            members = list(guild.members.values())
            if data.get("user_ids"):
                wanted = {int(u) for u in data["user_ids"]}
                members = [m for m in members if m.user_id in wanted]
            elif data.get("query"):
                prefix = data["query"].lower()
                members = [m for m in members if self.state.users[m.user_id].username.lower().startswith(prefix)]
            if data.get("limit"):
                members = members[: data["limit"]]
            chunk = {
                "guild_id": str(guild.id),
                "members": [payloads.member(self.state, m) for m in members],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
            }
            if "nonce" in data:
                chunk["nonce"] = data["nonce"]
            session.append("GUILD_MEMBERS_CHUNK", jsoncodec.dumps(chunk))

    def _detach(self, connection: Connection) -> None:
        session = connection.session
        if session is not None and session.connection is connection:
            session.connection = None
        connection.session = None

    async def _pump(self, ws: web.WebSocketResponse, request: web.Request, connection: Connection, encode) -> None:
        while True:
            if connection.close_code is not None or connection.abort:
                self._detach(connection)
                if connection.abort and request.transport is not None:
                    request.transport.abort()
                else:
                    await ws.close(code=connection.close_code)
                return
            session = connection.session
            if connection.control:
                frame = connection.control.popleft()
            elif session is not None and session.cursor < len(session.frames):
                frame = session.frames[session.cursor]
                session.cursor += 1
                session.progress.set()
            elif (
                session is not None and connection.ping_at_seq is not None and session.cursor >= connection.ping_at_seq
            ):
                connection.ping_at_seq = None
                frame = jsoncodec.dumps({"op": HEARTBEAT, "d": None})
            else:
                connection.wakeup.clear()
                await connection.wakeup.wait()
                continue
            encoded = encode(frame)
            try:
                if isinstance(encoded, str):
                    await ws.send_str(encoded)
                else:
                    await ws.send_bytes(encoded)
            except ConnectionError:
                self._detach(connection)
                return
            connection.frames_sent += 1


def _attach(connection: Connection, session: Session) -> None:
    connection.session = session
    session.connection = connection
    connection.wakeup.set()


def _bare_token(token: Any) -> str:
    return token.removeprefix("Bot ").strip() if isinstance(token, str) else ""


async def _stop(pump: asyncio.Task, *, closing: bool) -> None:
    # A pump that is sending a close frame is left to finish it; an idle one is cancelled.
    if not closing:
        pump.cancel()
    try:
        await asyncio.wait_for(pump, timeout=5)
    except (TimeoutError, asyncio.CancelledError, ConnectionError):
        pass
