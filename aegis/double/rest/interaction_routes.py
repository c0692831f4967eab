"""Interaction callbacks and the interaction webhooks (original response, follow-ups)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from aegis.double.events import payloads
from aegis.double.events.interactions import EPHEMERAL, LOADING, CallbackType, InteractionHandle
from aegis.double.rest import errors
from aegis.double.rest.handler import Reply, RouteSet, call_of
from aegis.double.world.models import Message

APPLICATION_COMMAND_MESSAGE = 20


class InteractionRoutes(RouteSet):
    # Interaction tokens are the credential here, as on Discord.
    public_routes = frozenset(
        {
            "/interactions/{interaction_id}/{interaction_token}/callback",
            "/webhooks/{application_id}/{interaction_token}",
            "/webhooks/{application_id}/{interaction_token}/messages/@original",
            "/webhooks/{application_id}/{interaction_token}/messages/{message_id}",
        }
    )

    def register(self, router: web.UrlDispatcher) -> None:
        self.add(router, "POST", "/interactions/{interaction_id}/{interaction_token}/callback", self.callback)
        original = "/webhooks/{application_id}/{interaction_token}/messages/@original"
        self.add(router, "GET", original, self.get_original)
        self.add(router, "PATCH", original, self.edit_original)
        self.add(router, "DELETE", original, self.delete_original)
        self.add(router, "POST", "/webhooks/{application_id}/{interaction_token}", self.follow_up)
        followup = "/webhooks/{application_id}/{interaction_token}/messages/{message_id}"
        self.add(router, "PATCH", followup, self.edit_followup)
        self.add(router, "DELETE", followup, self.delete_followup)

    def _handle(self, request: web.Request, *, by_application: bool) -> InteractionHandle:
        handle = self.double.interactions.get(request.match_info["interaction_token"])
        if by_application:
            if handle is None or self.id_param(request, "application_id") != handle.application.id:
                raise errors.unknown("webhook")
        elif handle is None or self.id_param(request, "interaction_id") != handle.id:
            raise errors.unknown("interaction")
        return handle

    async def callback(self, request: web.Request) -> Any:
        handle = self._handle(request, by_application=False)
        if handle.responded:
            raise errors.already_acknowledged()
        body = self.body(request)
        kind = body.get("type")
        data = body.get("data") or {}
        if kind not in {t for n, t in vars(CallbackType).items() if n.isupper()}:
            raise errors.invalid_form_body("type", "Value must be one of the interaction callback types.")
        handle.callback_type, handle.callback_data = kind, data
        if kind == CallbackType.CHANNEL_MESSAGE:
            handle.original = self._message(handle, data, request)
        elif kind == CallbackType.DEFERRED_CHANNEL_MESSAGE:
            handle.original = self._message(handle, {**data, "flags": int(data.get("flags") or 0) | LOADING}, request)
        await handle.changed()
        if request.query.get("with_response") not in ("1", "true", "True"):
            return None
        interaction = {
            "id": str(handle.id),
            "type": 2,
            "response_message_loading": kind == CallbackType.DEFERRED_CHANNEL_MESSAGE,
            "response_message_ephemeral": handle.ephemeral,
        }
        resource: dict[str, Any] = {"type": kind}
        if handle.original is not None:
            interaction["response_message_id"] = str(handle.original.id)
            resource["message"] = payloads.message(self.state, handle.original)
        return {"interaction": interaction, "resource": resource}

    def _message(self, handle: InteractionHandle, data: dict[str, Any], request: web.Request) -> Message:
        flags = int(data.get("flags") or 0)
        channel = self.state.channels[handle.channel_id]
        bot = self.state.users[handle.application.bot_user_id]
        # Ephemeral messages exist only for the invoking user: never stored in the channel, never dispatched.
        visible = not flags & EPHEMERAL
        message = self.actions.create_message(
            channel,
            bot,
            data.get("content") or "",
            embeds=data.get("embeds") or [],
            attachments=call_of(request).files,
            components=data.get("components") or [],
            allowed_mentions=data.get("allowed_mentions"),
            flags=flags,
            tts=bool(data.get("tts")),
            webhook_id=handle.application.id,
            application_id=handle.application.id,
            message_type=APPLICATION_COMMAND_MESSAGE if handle.original is None else 0,
            announce=visible,
        )
        if not visible:
            del self.state.messages[channel.id][message.id]
        return message

    def _original(self, request: web.Request) -> tuple[InteractionHandle, Message]:
        handle = self._handle(request, by_application=True)
        if handle.original is None:
            raise errors.unknown("message")
        return handle, handle.original

    async def get_original(self, request: web.Request) -> dict[str, Any]:
        _, message = self._original(request)
        return payloads.message(self.state, message)

    async def edit_original(self, request: web.Request) -> dict[str, Any]:
        handle, message = self._original(request)
        return await self._edit(handle, message, request)

    async def _edit(self, handle: InteractionHandle, message: Message, request: web.Request) -> dict[str, Any]:
        body = self.body(request)
        message.flags &= ~LOADING
        if "allowed_mentions" in body:
            message.allowed_mentions = body["allowed_mentions"]
        changes = {name: body[name] for name in ("embeds", "components") if name in body}
        if "content" in body:
            changes["content"] = body["content"] or ""
        if call_of(request).files:
            changes["attachments"] = [self.actions.attachment(f) for f in call_of(request).files]
        # An ephemeral message is seen by the invoker only: the bot gets no MESSAGE_UPDATE for it.
        self.actions.edit_message(message, announce=not message.ephemeral, **changes)
        await handle.changed()
        return payloads.message(self.state, message)

    async def delete_original(self, request: web.Request) -> None:
        handle, message = self._original(request)
        if not message.ephemeral:
            self.actions.delete_message(message)
        handle.original = None
        await handle.changed()

    async def follow_up(self, request: web.Request) -> Any:
        handle = self._handle(request, by_application=True)
        if not handle.responded:
            raise errors.unknown("webhook")
        message = self._message(handle, self.body(request), request)
        handle.followups.append(message)
        await handle.changed()
        waited = request.query.get("wait", "false").lower() in ("1", "true")
        return payloads.message(self.state, message) if waited else Reply(204, None)

    def _followup(self, request: web.Request) -> tuple[InteractionHandle, Message]:
        handle = self._handle(request, by_application=True)
        message_id = self.id_param(request, "message_id")
        message = next((m for m in handle.messages if m.id == message_id), None)
        if message is None:
            raise errors.unknown("message")
        return handle, message

    async def edit_followup(self, request: web.Request) -> dict[str, Any]:
        handle, message = self._followup(request)
        return await self._edit(handle, message, request)

    async def delete_followup(self, request: web.Request) -> None:
        handle, message = self._followup(request)
        if not message.ephemeral:
            self.actions.delete_message(message)
        handle.followups = [m for m in handle.followups if m.id != message.id]
        await handle.changed()
