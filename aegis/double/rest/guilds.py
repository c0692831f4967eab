"""Guild reads and moderation: members (timeouts, roles, nicknames, kicks), roles and bans."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from aegis.domain.durations import TIMEOUT_LIMIT
from aegis.double.events import payloads
from aegis.double.rest import errors
from aegis.double.rest.handler import RouteSet
from aegis.double.world.models import Guild, Member, Role
from aegis.double.world.permissions import ALL_PERMISSIONS, Permission, base_permissions, can_manage_role, outranks
from aegis.double.world.snowflakes import utcnow

MAX_TIMEOUT = TIMEOUT_LIMIT
MAX_BAN_DELETE_SECONDS = 7 * 24 * 3600


class GuildRoutes(RouteSet):
    def register(self, router: web.UrlDispatcher) -> None:
        self.add(router, "GET", "/guilds/{guild_id}", self.get_guild)
        self.add(router, "GET", "/guilds/{guild_id}/channels", self.get_channels)
        self.add(router, "GET", "/guilds/{guild_id}/roles", self.get_roles)
        self.add(router, "GET", "/guilds/{guild_id}/members", self.list_members)
        self.add(router, "GET", "/guilds/{guild_id}/members/{user_id}", self.get_member)
        self.add(router, "PATCH", "/guilds/{guild_id}/members/{user_id}", self.edit_member)
        self.add(router, "DELETE", "/guilds/{guild_id}/members/{user_id}", self.kick)
        self.add(router, "PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.add_role)
        self.add(router, "DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.remove_role)
        self.add(router, "GET", "/guilds/{guild_id}/bans", self.list_bans)
        self.add(router, "GET", "/guilds/{guild_id}/bans/{user_id}", self.get_ban)
        self.add(router, "PUT", "/guilds/{guild_id}/bans/{user_id}", self.ban)
        self.add(router, "DELETE", "/guilds/{guild_id}/bans/{user_id}", self.unban)
        self.add(router, "POST", "/guilds/{guild_id}/bulk-ban", self.bulk_ban)

    # ---- reads --------------------------------------------------------------------------------

    async def get_guild(self, request: web.Request) -> dict[str, Any]:
        guild, _ = self.guild_for(request)
        return payloads.guild(guild)

    async def get_channels(self, request: web.Request) -> list[dict[str, Any]]:
        guild, _ = self.guild_for(request)
        return [payloads.channel(self.state, c) for c in self.state.guild_channels(guild)]

    async def get_roles(self, request: web.Request) -> list[dict[str, Any]]:
        guild, _ = self.guild_for(request)
        return [payloads.role(r) for r in sorted(guild.roles.values(), key=lambda r: r.position)]

    async def list_members(self, request: web.Request) -> list[dict[str, Any]]:
        guild, _ = self.guild_for(request)
        limit = int(request.query.get("limit", 1))
        after = int(request.query.get("after", 0))
        members = sorted((m for m in guild.members.values() if m.user_id > after), key=lambda m: m.user_id)
        return [payloads.member(self.state, m) for m in members[:limit]]

    async def get_member(self, request: web.Request) -> dict[str, Any]:
        guild, _ = self.guild_for(request)
        return payloads.member(self.state, self.state.member(guild, self.id_param(request, "user_id")))

    # ---- member moderation --------------------------------------------------------------------

    def _target(self, request: web.Request, permission: int) -> tuple[Guild, Member, Member]:
        guild, me = self.guild_for(request)
        target = self.state.member(guild, self.id_param(request, "user_id"))
        self.require(guild, me, permission)
        if not outranks(guild, me, target):
            raise errors.missing_permissions()
        return guild, me, target

    async def edit_member(self, request: web.Request) -> dict[str, Any]:
        guild, me = self.guild_for(request)
        target = self.state.member(guild, self.id_param(request, "user_id"))
        body = self.body(request)
        changes: dict[str, Any] = {}
        if "communication_disabled_until" in body:
            changes["communication_disabled_until"] = self._checked_timeout(guild, me, target, body)
        if "roles" in body:
            changes["roles"] = self._checked_roles(guild, me, target, [int(r) for r in body["roles"] or []])
        if "nick" in body:
            if target.user_id == me.user_id:
                self.require(guild, me, Permission.CHANGE_NICKNAME)
            else:
                self._checked_outranked(guild, me, target, Permission.MANAGE_NICKNAMES)
            changes["nick"] = body["nick"] or None
        if changes:
            self.actions.update_member(target, by=me.user_id, reason=self.reason(request), **changes)
        return payloads.member(self.state, target)

    def _checked_outranked(self, guild: Guild, me: Member, target: Member, permission: int) -> None:
        self.require(guild, me, permission)
        if not outranks(guild, me, target):
            raise errors.missing_permissions()

    def _checked_timeout(self, guild: Guild, me: Member, target: Member, body: dict[str, Any]) -> datetime | None:
        self._checked_outranked(guild, me, target, Permission.MODERATE_MEMBERS)
        raw = body["communication_disabled_until"]
        if raw is None:
            return None
        try:
            until = datetime.fromisoformat(raw)
        except (TypeError, ValueError):
            raise errors.invalid_form_body(
                "communication_disabled_until", "Could not parse the ISO8601 date.", "DATE_TIME_TYPE_PARSE"
            ) from None
        if until.tzinfo is None:
            raise errors.invalid_form_body("communication_disabled_until", "Timezone required.", "DATE_TIME_TYPE_PARSE")
        if until - utcnow() > MAX_TIMEOUT:
            raise errors.invalid_form_body(
                "communication_disabled_until",
                "Invalid communication disabled timestamp. It cannot be more than 28 days in the future.",
                "INVALID_COMMUNICATION_DISABLED_TIMESTAMP",
            )
        if base_permissions(guild, target) == ALL_PERMISSIONS:  # administrators cannot be timed out
            raise errors.missing_permissions()
        return until

    def _checked_roles(self, guild: Guild, me: Member, target: Member, wanted: list[int]) -> list[int]:
        self.require(guild, me, Permission.MANAGE_ROLES)
        for role_id in set(wanted) ^ set(target.roles):
            self._check_manageable(guild, me, self.state.role(guild, role_id))
        return list(dict.fromkeys(wanted))

    @staticmethod
    def _check_manageable(guild: Guild, me: Member, role: Role) -> None:
        if role.managed or role.id == guild.id or not can_manage_role(guild, me, role.position):
            raise errors.missing_permissions()

    async def kick(self, request: web.Request) -> None:
        guild, me, target = self._target(request, Permission.KICK_MEMBERS)
        self.actions.remove_member(guild, target.user_id, by=me.user_id, reason=self.reason(request))

    def _member_role(self, request: web.Request) -> tuple[Member, Role]:
        """Discord checks the bot's right to the role on every call, even one that changes nothing."""
        guild, me = self.guild_for(request)
        target = self.state.member(guild, self.id_param(request, "user_id"))
        role = self.state.role(guild, self.id_param(request, "role_id"))
        self.require(guild, me, Permission.MANAGE_ROLES)
        self._check_manageable(guild, me, role)
        return target, role

    async def add_role(self, request: web.Request) -> None:
        target, role = self._member_role(request)
        if role.id not in target.roles:
            self.actions.update_member(target, roles=[*target.roles, role.id])

    async def remove_role(self, request: web.Request) -> None:
        target, role = self._member_role(request)
        if role.id in target.roles:
            self.actions.update_member(target, roles=[r for r in target.roles if r != role.id])

    # ---- bans ---------------------------------------------------------------------------------

    async def list_bans(self, request: web.Request) -> list[dict[str, Any]]:
        guild, me = self.guild_for(request)
        self.require(guild, me, Permission.BAN_MEMBERS)
        limit = int(request.query.get("limit", 1000))
        after = int(request.query.get("after", 0))
        before = int(request.query.get("before", 1 << 63))
        bans = sorted((b for b in guild.bans.values() if after < b.user_id < before), key=lambda b: b.user_id)
        return [payloads.ban(self.state, b) for b in bans[:limit]]

    async def get_ban(self, request: web.Request) -> dict[str, Any]:
        guild, me = self.guild_for(request)
        self.require(guild, me, Permission.BAN_MEMBERS)
        return payloads.ban(self.state, self.state.ban(guild, self.id_param(request, "user_id")))

    def _ban_delete_seconds(self, request: web.Request) -> int:
        # discord.py sends delete_message_seconds as a query parameter; the API documents a JSON body.
        body = self.body(request)
        raw = request.query.get("delete_message_seconds", body.get("delete_message_seconds"))
        if raw is None and "delete_message_days" in body:
            raw = int(body["delete_message_days"]) * 86400
        seconds = int(raw or 0)
        if not 0 <= seconds <= MAX_BAN_DELETE_SECONDS:
            raise errors.invalid_form_body(
                "delete_message_seconds",
                f"int value should be less than or equal to {MAX_BAN_DELETE_SECONDS}.",
                "NUMBER_TYPE_MAX",
            )
        return seconds

    def _check_bannable(self, guild: Guild, me: Member, user_id: int) -> None:
        if user_id == guild.owner_id:
            raise errors.missing_permissions()
        target = guild.members.get(user_id)
        if target is not None and not outranks(guild, me, target):
            raise errors.missing_permissions()

    async def ban(self, request: web.Request) -> None:
        guild, me = self.guild_for(request)
        self.require(guild, me, Permission.BAN_MEMBERS)
        user = self.state.user(self.id_param(request, "user_id"))
        self._check_bannable(guild, me, user.id)
        seconds = self._ban_delete_seconds(request)
        self.actions.ban(guild, user, reason=self.reason(request), delete_message_seconds=seconds, by=me.user_id)

    async def unban(self, request: web.Request) -> None:
        guild, me = self.guild_for(request)
        self.require(guild, me, Permission.BAN_MEMBERS)
        user_id = self.id_param(request, "user_id")
        self.state.ban(guild, user_id)
        self.actions.unban(guild, self.state.users[user_id], by=me.user_id, reason=self.reason(request))

    async def bulk_ban(self, request: web.Request) -> dict[str, Any]:
        guild, me = self.guild_for(request)
        self.require(guild, me, Permission.BAN_MEMBERS | Permission.MANAGE_GUILD)
        user_ids = [int(u) for u in self.body(request).get("user_ids", [])]
        if not 1 <= len(user_ids) <= 200:
            raise errors.invalid_form_body("user_ids", "Must be between 1 and 200 in length.", "BASE_TYPE_BAD_LENGTH")
        seconds = self._ban_delete_seconds(request)
        banned, failed = [], []
        for user_id in user_ids:
            user = self.state.users.get(user_id)
            bannable = user is not None and user_id not in guild.bans
            if bannable:
                try:
                    self._check_bannable(guild, me, user_id)
                except errors.DiscordError:
                    bannable = False
            if not bannable:
                failed.append(str(user_id))
                continue
            self.actions.ban(guild, user, reason=self.reason(request), delete_message_seconds=seconds, by=me.user_id)
            banned.append(str(user_id))
        if not banned:
            raise errors.DiscordError(400, 500000, "Failed to ban users")
        return {"banned_users": banned, "failed_users": failed}
