"""REST plumbing shared by the route modules: auth, body parsing, Discord errors, request recording.

Handlers return plain data (dict/list -> 200 JSON, None -> 204) or raise DiscordError.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from aiohttp import web

from aegis.double import jsoncodec
from aegis.double.rest import errors
from aegis.double.rest.errors import DiscordError
from aegis.double.rest.recorder import RecordedRequest, RequestLog
from aegis.double.world.models import Application, Channel, Guild, Member
from aegis.double.world.permissions import base_permissions, channel_permissions

if TYPE_CHECKING:
    from aegis.double.double import DiscordDouble

API_PREFIX = "/api/v10"
Handler = Callable[[web.Request], Awaitable[Any]]


@dataclass
class Call:
    """What the middleware learnt about a request before the handler runs."""

    json: Any = None
    files: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[tuple[str, bytes]] = field(default_factory=list)
    reason: str | None = None  # X-Audit-Log-Reason, URL-decoded
    application: Application | None = None  # the bot whose token authorised the call


CALL = web.RequestKey("discord_call", Call)


def call_of(request: web.Request) -> Call:
    return request[CALL]


@dataclass(frozen=True)
class Reply:
    """For the few routes that answer with something other than 200/204."""

    status: int
    data: Any


class RouteSet:
    """Base of the route modules: lookups and permission checks in Discord's terms."""

    public_routes: frozenset[str] = frozenset()

    def __init__(self, double: DiscordDouble) -> None:
        self.double = double
        self.state = double.state
        self.actions = double.actions

    def register(self, router: web.UrlDispatcher) -> None:
        raise NotImplementedError

    @staticmethod
    def add(router: web.UrlDispatcher, method: str, template: str, handler: Handler) -> None:
        # Ids only match digits, so literal segments such as @me and bulk-delete never read as ids.
        pattern = template
        for name in (
            "guild_id",
            "user_id",
            "role_id",
            "channel_id",
            "message_id",
            "overwrite_id",
            "application_id",
            "interaction_id",
        ):
            pattern = pattern.replace("{%s}" % name, "{%s:\\d+}" % name)
        router.add_route(method, API_PREFIX + pattern, handler, name=None)

    # ---- request helpers ----------------------------------------------------------------------

    @staticmethod
    def app_of(request: web.Request) -> Application:
        return request[CALL].application

    @staticmethod
    def id_param(request: web.Request, name: str) -> int:
        return int(request.match_info[name])

    @staticmethod
    def body(request: web.Request) -> dict[str, Any]:
        body = request[CALL].json
        return body if isinstance(body, dict) else {}

    @staticmethod
    def reason(request: web.Request) -> str | None:
        return request[CALL].reason

    # ---- Discord's checks ---------------------------------------------------------------------

    def guild_for(self, request: web.Request) -> tuple[Guild, Member]:
        """The guild in the path and the acting bot's member there (50001 when the bot is not in it)."""
        guild = self.state.guild(self.id_param(request, "guild_id"))
        me = guild.members.get(self.app_of(request).bot_user_id)
        if me is None:
            raise errors.missing_access()
        return guild, me

    def channel_for(self, request: web.Request) -> tuple[Channel, Guild | None, Member | None]:
        channel = self.state.channel(self.id_param(request, "channel_id"))
        bot_id = self.app_of(request).bot_user_id
        if channel.guild_id is None:
            if bot_id not in channel.recipient_ids:
                raise errors.missing_access()
            return channel, None, None
        guild = self.state.guilds[channel.guild_id]
        me = guild.members.get(bot_id)
        if me is None or not channel_permissions(guild, channel, me) & 1 << 10:  # VIEW_CHANNEL
            raise errors.missing_access()
        return channel, guild, me

    @staticmethod
    def require(guild: Guild, member: Member, permission: int, channel: Channel | None = None) -> None:
        granted = base_permissions(guild, member) if channel is None else channel_permissions(guild, channel, member)
        if granted & permission != permission:
            raise errors.missing_permissions()


def refused_body(status: int) -> dict:
    if status == 429:
        return {"message": "You are being rate limited.", "retry_after": 0.05, "global": False, "code": 0}
    if status == 401:
        return errors.unauthorized().body()
    return errors.missing_permissions().body() if status == 403 else {"message": f"{status}", "code": 0}


def make_middleware(double: DiscordDouble, log: RequestLog, public_routes: frozenset[str]):
    @web.middleware
    async def discord_semantics(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):  # the gateway websocket
            return await handler(request)
        resource = request.match_info.route.resource
        path = request.path.removeprefix(API_PREFIX)
        route = resource.canonical.removeprefix(API_PREFIX) if resource is not None else path
        call = request[CALL] = await _read_body(request)
        header_reason = request.headers.get("X-Audit-Log-Reason")
        call.reason = unquote(header_reason) if header_reason is not None else None

        failure = log.take_failure(request.method, route)
        if double.refusing_all is not None:
            status, data, headers = double.refusing_all, refused_body(double.refusing_all), {}
        elif failure is not None:
            status, data, headers = failure.status, failure.body, failure.headers
        else:
            headers = {}
            try:
                if route not in public_routes and resource is not None:
                    call.application = _authenticate(double, request)
                result = await handler(request)
                status, data = (result.status, result.data) if isinstance(result, Reply) else (200, result)
                if data is None and status == 200:
                    status = 204
            except DiscordError as exc:
                status, data = exc.status, exc.body()
            except web.HTTPException as exc:  # no such route / method: Discord's own bodies
                status, data = exc.status, {"message": f"{exc.status}: {exc.reason}", "code": 0}

        log.record(
            RecordedRequest(
                method=request.method,
                path=path,
                route=route,
                params=dict(request.match_info),
                query=dict(request.query),
                json=call.json,
                reason=call.reason,
                status=status,
                response=data,
                files=tuple(call.uploads),
            )
        )
        if status == 204:
            return web.Response(status=204, headers=headers)
        # discord.py only parses a body whose Content-Type is exactly "application/json", as Discord sends it.
        headers = {**headers, "Content-Type": "application/json"}
        return web.Response(status=status, body=jsoncodec.dumps(data).encode(), headers=headers)

    return discord_semantics


def _authenticate(double: DiscordDouble, request: web.Request) -> Application:
    header = request.headers.get("Authorization", "")
    application = (
        double.state.application_for_token(header.removeprefix("Bot ").strip()) if header.startswith("Bot ") else None
    )
    if application is None:
        raise errors.unauthorized()
    return application


async def _read_body(request: web.Request) -> Call:
    call = Call()
    if not request.body_exists:
        return call
    if request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":
                call.json = jsoncodec.loads(await part.read())
            else:
                data = await part.read()
                call.files.append(
                    {
                        "filename": part.filename,
                        "size": len(data),
                        "content_type": part.headers.get("Content-Type"),
                        "data": bytes(data),
                    }
                )
                call.uploads.append((part.filename, bytes(data)))
        return call
    raw = await request.read()
    if raw:
        try:
            call.json = jsoncodec.loads(raw)
        except ValueError:
            call.json = raw.decode(errors="replace")
    return call
