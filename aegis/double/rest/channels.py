"""Channels, permission overwrites (lockdowns), messages, bulk deletes and reactions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from aegis.double.events import payloads
from aegis.double.rest import errors
from aegis.double.rest.handler import RouteSet, call_of
from aegis.double.world.models import Channel, Guild, Member, Overwrite
from aegis.double.world.permissions import Permission, channel_permissions
from aegis.double.world.snowflakes import snowflake_time, utcnow

MAX_SLOWMODE = 21600
MAX_CONTENT = 2000
BULK_DELETE_MAX_AGE = timedelta(days=14)
_WRITE = Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES
_READ_HISTORY = Permission.VIEW_CHANNEL | Permission.READ_MESSAGE_HISTORY


class ChannelRoutes(RouteSet):
    def register(self, router: web.UrlDispatcher) -> None:
        self.add(router, "GET", "/channels/{channel_id}", self.get_channel)
        self.add(router, "PATCH", "/channels/{channel_id}", self.edit_channel)
        self.add(router, "PUT", "/channels/{channel_id}/permissions/{overwrite_id}", self.put_overwrite)
        self.add(router, "DELETE", "/channels/{channel_id}/permissions/{overwrite_id}", self.delete_overwrite)
        self.add(router, "POST", "/channels/{channel_id}/typing", self.typing)
        self.add(router, "POST", "/channels/{channel_id}/messages/bulk-delete", self.bulk_delete)
        self.add(router, "GET", "/channels/{channel_id}/messages", self.list_messages)
        self.add(router, "POST", "/channels/{channel_id}/messages", self.send_message)
        self.add(router, "GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        self.add(router, "PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        self.add(router, "DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        self.add(router, "PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self.react)

    async def get_channel(self, request: web.Request) -> dict[str, Any]:
        channel, _, _ = self.channel_for(request)
        return payloads.channel(self.state, channel)

    async def edit_channel(self, request: web.Request) -> dict[str, Any]:
        channel, guild, me = self._guild_channel(request)
        self.require(guild, me, Permission.MANAGE_CHANNELS, channel)
        body = self.body(request)
        changes: dict[str, Any] = {k: body[k] for k in ("name", "topic", "nsfw", "position") if k in body}
        if "rate_limit_per_user" in body:
            slowmode = body["rate_limit_per_user"] or 0
            if not isinstance(slowmode, int) or not 0 <= slowmode <= MAX_SLOWMODE:
                raise errors.invalid_form_body(
                    "rate_limit_per_user",
                    f"int value should be less than or equal to {MAX_SLOWMODE}.",
                    "NUMBER_TYPE_MAX",
                )
            changes["rate_limit_per_user"] = slowmode
        if "permission_overwrites" in body:
            self.require(guild, me, Permission.MANAGE_ROLES, channel)
            changes["overwrites"] = {
                int(o["id"]): Overwrite(
                    int(o["id"]), int(o.get("type", 0)), int(o.get("allow", 0)), int(o.get("deny", 0))
                )
                for o in body["permission_overwrites"]
            }
        self.actions.update_channel(channel, **changes)
        return payloads.channel(self.state, channel)

    def _guild_channel(self, request: web.Request) -> tuple[Channel, Guild, Member]:
        channel, guild, me = self.channel_for(request)
        if guild is None:
            raise errors.missing_permissions()
        return channel, guild, me

    async def put_overwrite(self, request: web.Request) -> None:
        channel, guild, me = self._guild_channel(request)
        self.require(guild, me, Permission.MANAGE_ROLES, channel)
        body = self.body(request)
        target_id = self.id_param(request, "overwrite_id")
        kind = int(body.get("type", 0))
        if kind == 0:
            self.state.role(guild, target_id)
        else:
            self.state.user(target_id)
        allow, deny = int(body.get("allow") or 0), int(body.get("deny") or 0)
        # Discord only lets you grant or deny what you hold in that channel yourself.
        if (allow | deny) & ~channel_permissions(guild, channel, me):
            raise errors.missing_permissions()
        overwrites = {**channel.overwrites, target_id: Overwrite(target_id, kind, allow, deny)}
        self.actions.update_channel(channel, overwrites=overwrites)

    async def delete_overwrite(self, request: web.Request) -> None:
        channel, guild, me = self._guild_channel(request)
        self.require(guild, me, Permission.MANAGE_ROLES, channel)
        target_id = self.id_param(request, "overwrite_id")
        if target_id not in channel.overwrites:
            raise errors.unknown("overwrite")
        overwrites = {k: v for k, v in channel.overwrites.items() if k != target_id}
        self.actions.update_channel(channel, overwrites=overwrites)

    async def typing(self, request: web.Request) -> None:
        self.channel_for(request)

    # ---- messages -----------------------------------------------------------------------------

    async def send_message(self, request: web.Request) -> dict[str, Any]:
        channel, guild, me = self.channel_for(request)
        bot = self.state.users[self.app_of(request).bot_user_id]
        if guild is not None:
            self.require(guild, me, _WRITE, channel)
        else:
            recipient = next(self.state.users[u] for u in channel.recipient_ids if u != bot.id)
            if not recipient.accepts_dms:
                raise errors.cannot_message_user()
        body = self.body(request)
        content = body.get("content") or ""
        if len(content) > MAX_CONTENT:
            raise errors.invalid_form_body(
                "content", f"Must be {MAX_CONTENT} or fewer in length.", "BASE_TYPE_MAX_LENGTH"
            )
        embeds = body.get("embeds") or []
        files = call_of(request).files
        if not (content or embeds or files or body.get("components") or body.get("sticker_ids")):
            raise errors.DiscordError(400, 50006, "Cannot send an empty message")
        message = self.actions.create_message(
            channel,
            bot,
            content,
            embeds=embeds,
            attachments=files,
            components=body.get("components") or [],
            allowed_mentions=body.get("allowed_mentions"),
            flags=int(body.get("flags") or 0),
            tts=bool(body.get("tts")),
            message_reference=body.get("message_reference"),
        )
        return payloads.message(self.state, message)

    async def list_messages(self, request: web.Request) -> list[dict[str, Any]]:
        channel, guild, me = self.channel_for(request)
        if guild is not None:
            self.require(guild, me, _READ_HISTORY, channel)
        limit = int(request.query.get("limit", 50))
        if not 1 <= limit <= 100:
            raise errors.invalid_form_body("limit", "int value should be between 1 and 100.", "NUMBER_TYPE_MAX")
        messages = sorted(self.state.channel_messages(channel.id), key=lambda m: m.id)
        query = request.query
        if "after" in query:
            messages = [m for m in messages if m.id > int(query["after"])][:limit]
        else:
            if "before" in query:
                messages = [m for m in messages if m.id < int(query["before"])]
            messages = messages[-limit:]
        return [payloads.message(self.state, m) for m in reversed(messages)]

    async def get_message(self, request: web.Request) -> dict[str, Any]:
        channel, guild, me = self.channel_for(request)
        if guild is not None:
            self.require(guild, me, _READ_HISTORY, channel)
        return payloads.message(self.state, self.state.message(channel.id, self.id_param(request, "message_id")))

    async def edit_message(self, request: web.Request) -> dict[str, Any]:
        channel, _, _ = self.channel_for(request)
        message = self.state.message(channel.id, self.id_param(request, "message_id"))
        if message.author_id != self.app_of(request).bot_user_id:
            raise errors.DiscordError(403, 50005, "Cannot edit a message authored by another user")
        body = self.body(request)
        fields = {k: body[k] for k in ("content", "embeds", "components") if k in body}
        if "flags" in body:
            fields["flags"] = int(body["flags"] or 0)
        return payloads.message(self.state, self.actions.edit_message(message, **fields))

    async def delete_message(self, request: web.Request) -> None:
        channel, guild, me = self.channel_for(request)
        message = self.state.message(channel.id, self.id_param(request, "message_id"))
        if message.author_id != self.app_of(request).bot_user_id:
            if guild is None:
                raise errors.DiscordError(403, 50003, "Cannot execute action on a DM channel")
            self.require(guild, me, Permission.MANAGE_MESSAGES, channel)
        self.actions.delete_message(message)

    async def bulk_delete(self, request: web.Request) -> None:
        channel, guild, me = self._guild_channel(request)
        self.require(guild, me, Permission.MANAGE_MESSAGES, channel)
        ids = [int(i) for i in self.body(request).get("messages") or []]
        if not 2 <= len(ids) <= 100:
            raise errors.invalid_form_body("messages", "Must be between 2 and 100 in length.", "BASE_TYPE_BAD_LENGTH")
        stored = self.state.messages.get(channel.id, {})
        found = [stored[i] for i in dict.fromkeys(ids) if i in stored]
        cutoff = utcnow() - BULK_DELETE_MAX_AGE
        if any(snowflake_time(i) < cutoff for i in ids):
            raise errors.too_old_to_bulk_delete()
        if found:
            self.actions.bulk_delete(channel, found)

    async def react(self, request: web.Request) -> None:
        channel, guild, me = self.channel_for(request)
        if guild is not None:
            self.require(guild, me, _READ_HISTORY | Permission.ADD_REACTIONS, channel)
        message = self.state.message(channel.id, self.id_param(request, "message_id"))
        bot = self.state.users[self.app_of(request).bot_user_id]
        self.actions.add_reaction(message, bot, unquote(request.match_info["emoji"]))
