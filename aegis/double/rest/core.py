"""Login, gateway discovery, users, DMs and application commands."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from aegis.double.events import payloads
from aegis.double.rest import errors
from aegis.double.rest.handler import RouteSet, call_of
from aegis.double.world.models import ApplicationCommand
from aegis.double.world.permissions import base_permissions


class CoreRoutes(RouteSet):
    public_routes = frozenset({"/gateway"})

    def register(self, router: web.UrlDispatcher) -> None:
        self.add(router, "GET", "/gateway", self.get_gateway)
        self.add(router, "GET", "/gateway/bot", self.get_gateway_bot)
        self.add(router, "GET", "/users/@me", self.get_me)
        self.add(router, "GET", "/users/@me/guilds", self.my_guilds)
        self.add(router, "POST", "/users/@me/channels", self.open_dm)
        self.add(router, "GET", "/users/{user_id}", self.get_user)
        self.add(router, "GET", "/oauth2/applications/@me", self.get_application)
        self.add(router, "GET", "/applications/@me", self.get_application)
        for template in (
            "/applications/{application_id}/commands",
            "/applications/{application_id}/guilds/{guild_id}/commands",
        ):
            self.add(router, "GET", template, self.list_commands)
            self.add(router, "PUT", template, self.overwrite_commands)
            self.add(router, "POST", template, self.upsert_command)

    async def get_gateway(self, request: web.Request) -> dict[str, Any]:
        return {"url": self.double.gateway_url}

    async def get_gateway_bot(self, request: web.Request) -> dict[str, Any]:
        return {
            "url": self.double.gateway_url,
            "shards": self.double.recommended_shards,
            "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
        }

    async def get_me(self, request: web.Request) -> dict[str, Any]:
        return payloads.current_user(self.state.users[self.app_of(request).bot_user_id])

    async def my_guilds(self, request: web.Request) -> list[dict[str, Any]]:
        me = self.app_of(request).bot_user_id
        return [
            payloads.my_guild(g, base_permissions(g, g.members[me]), g.owner_id == me) for g in self.state.guilds_of(me)
        ]

    async def get_user(self, request: web.Request) -> dict[str, Any]:
        return payloads.user(self.state.user(self.id_param(request, "user_id")))

    async def get_application(self, request: web.Request) -> dict[str, Any]:
        return payloads.application(self.state, self.app_of(request))

    async def open_dm(self, request: web.Request) -> dict[str, Any]:
        recipient_id = self.body(request).get("recipient_id")
        if recipient_id is None:
            raise errors.invalid_form_body("recipient_id", "This field is required", "BASE_TYPE_REQUIRED")
        recipient = self.state.user(int(recipient_id))
        me = self.state.users[self.app_of(request).bot_user_id]
        return payloads.channel(self.state, self.state.dm_channel(me, recipient))

    # ---- application commands -----------------------------------------------------------------

    def _command_table(self, request: web.Request) -> tuple[int | None, dict[str, ApplicationCommand]]:
        application = self.app_of(request)
        if self.id_param(request, "application_id") != application.id:
            raise errors.missing_access()
        if "guild_id" not in request.match_info:
            return None, application.global_commands
        guild, _ = self.guild_for(request)
        return guild.id, application.guild_commands.setdefault(guild.id, {})

    async def list_commands(self, request: web.Request) -> list[dict[str, Any]]:
        _, table = self._command_table(request)
        return [payloads.command(c) for c in table.values()]

    async def overwrite_commands(self, request: web.Request) -> list[dict[str, Any]]:
        guild_id, table = self._command_table(request)
        given = call_of(request).json
        if not isinstance(given, list):
            raise errors.invalid_form_body("_", "Must be an array", "BASE_TYPE_ARRAY")
        previous = dict(table)
        table.clear()
        for index, data in enumerate(given):
            self._validate_command(data, f"{index}.name")
            self._refuse_if_asked(data["name"], f"{index}.")
            kept = previous.get(data["name"])
            command_id = kept.id if kept is not None else self.state.ids.next()
            table[data["name"]] = ApplicationCommand(command_id, self.app_of(request).id, guild_id, dict(data))
        return [payloads.command(c) for c in table.values()]

    async def upsert_command(self, request: web.Request) -> dict[str, Any]:
        guild_id, table = self._command_table(request)
        data = self.body(request)
        self._validate_command(data, "name")
        self._refuse_if_asked(data["name"], "")
        kept = table.get(data["name"])
        command_id = kept.id if kept is not None else self.state.ids.next()
        table[data["name"]] = command = ApplicationCommand(command_id, self.app_of(request).id, guild_id, dict(data))
        return payloads.command(command)

    def _refuse_if_asked(self, name: str, prefix: str) -> None:
        refusal = self.double.refused_commands.get(name)
        if refusal is not None:
            field, message, code = refusal
            raise errors.invalid_form_body(prefix + field, message, code)

    @staticmethod
    def _validate_command(data: Any, field: str) -> None:
        name = data.get("name") if isinstance(data, dict) else None
        if not isinstance(name, str) or not 1 <= len(name) <= 32:
            raise errors.invalid_form_body(field, "Must be between 1 and 32 in length.", "BASE_TYPE_BAD_LENGTH")
