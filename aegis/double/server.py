"""The aiohttp application: REST under /api/v10, the gateway websocket at /."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from aegis.double.rest.channels import ChannelRoutes
from aegis.double.rest.core import CoreRoutes
from aegis.double.rest.guilds import GuildRoutes
from aegis.double.rest.handler import make_middleware
from aegis.double.rest.interaction_routes import InteractionRoutes

if TYPE_CHECKING:
    from aegis.double.double import DiscordDouble

ROUTE_SETS = (CoreRoutes, GuildRoutes, ChannelRoutes, InteractionRoutes)


def build_app(double: DiscordDouble) -> web.Application:
    route_sets = [cls(double) for cls in ROUTE_SETS]
    public = frozenset().union(*(r.public_routes for r in route_sets))
    app = web.Application(middlewares=[make_middleware(double, double.log, public)], client_max_size=32 * 1024**2)
    for route_set in route_sets:
        route_set.register(app.router)
    app.router.add_get("/", double.gateway.handle)
    app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", serve_attachment(double))
    return app


def serve_attachment(double: DiscordDouble):
    """The CDN: an attachment's bytes at its url, as long as the double has them (404 otherwise, like a dead link)."""

    async def handle(request: web.Request) -> web.Response:
        data = double.state.attachment_bytes.get(int(request.match_info["attachment_id"]))
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, content_type="application/octet-stream")

    return handle


class Server:
    def __init__(self, app: web.Application) -> None:
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        self.host = ""
        self.port = 0

    async def start(self, host: str, port: int) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, reuse_address=True)
        await site.start()
        self.host, self.port = self._runner.addresses[0][:2]

    async def stop(self) -> None:
        await self._runner.cleanup()
