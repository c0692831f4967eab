"""Slash-command interactions the double invokes, and the handle a test awaits the bot's answer on."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from typing import Any

from aegis.double.events import payloads
from aegis.double.world.models import Application, ApplicationCommand, Channel, Guild, Member, Message, Role, User
from aegis.double.world.permissions import channel_permissions
from aegis.double.world.state import DoubleState

EPHEMERAL = 1 << 6
LOADING = 1 << 7


class CallbackType:
    PONG = 1
    CHANNEL_MESSAGE = 4
    DEFERRED_CHANNEL_MESSAGE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE_RESULT = 8
    MODAL = 9


class OptionType:
    SUB_COMMAND = 1
    SUB_COMMAND_GROUP = 2
    STRING = 3
    INTEGER = 4
    BOOLEAN = 5
    USER = 6
    CHANNEL = 7
    ROLE = 8
    MENTIONABLE = 9
    NUMBER = 10


class InteractionHandle:
    """What the bot did with one interaction: its callback, its original response and follow-ups."""

    def __init__(self, interaction_id: int, token: str, application: Application, payload: dict[str, Any]) -> None:
        self.id = interaction_id
        self.token = token
        self.application = application
        self.payload = payload
        self.channel_id = int(payload["channel_id"])
        self.guild_id = int(payload["guild_id"]) if "guild_id" in payload else None
        self.callback_type: int | None = None
        self.callback_data: dict[str, Any] | None = None
        self.original: Message | None = None
        self.followups: list[Message] = []
        self._changed = asyncio.Condition()

    @property
    def responded(self) -> bool:
        return self.callback_type is not None

    @property
    def deferred(self) -> bool:
        return self.callback_type in (CallbackType.DEFERRED_CHANNEL_MESSAGE, CallbackType.DEFERRED_UPDATE_MESSAGE)

    @property
    def ephemeral(self) -> bool:
        """Whether the visible reply (the original response) is ephemeral."""
        return self.original is not None and self.original.ephemeral

    @property
    def messages(self) -> list[Message]:
        return ([self.original] if self.original is not None else []) + self.followups

    def reply(self) -> Message | None:
        """The first message with something to read: a non-loading original, else the first follow-up."""
        if self.original is not None and not self.original.flags & LOADING:
            return self.original
        return self.followups[0] if self.followups else None

    async def changed(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(self, predicate: Callable[[InteractionHandle], Any], timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: predicate(self))

    async def response(self, timeout: float = 5.0) -> InteractionHandle:
        """Wait for the interaction callback (reply, defer, modal...)."""
        await self.wait_until(lambda h: h.responded, timeout)
        return self

    async def wait_for_reply(self, timeout: float = 5.0) -> Message:
        """Wait until the user would see an answer: an immediate reply, the edit after a defer, or a follow-up."""
        await self.wait_until(lambda h: h.reply() is not None, timeout)
        return self.reply()

    async def wait_for_followups(self, count: int, timeout: float = 5.0) -> list[Message]:
        await self.wait_until(lambda h: len(h.followups) >= count, timeout)
        return self.followups


def command_options(
    state: DoubleState,
    command: ApplicationCommand | None,
    options: dict[str, Any],
    subcommand: str | None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Interaction `options` (nested under subcommand/group) and `resolved` for the given values.

    Option types come from the registered command when the bot synced it, else from the values.
    """
    declared = _declared_types(command, subcommand)
    resolved: dict[str, dict[str, Any]] = {}
    leaf = [_option(state, name, value, declared.get(name), resolved) for name, value in options.items()]
    nested = leaf
    if subcommand:
        parts = subcommand.split()
        nested = [{"type": OptionType.SUB_COMMAND, "name": parts[-1], "options": leaf}]
        if len(parts) == 2:
            nested = [{"type": OptionType.SUB_COMMAND_GROUP, "name": parts[0], "options": nested}]
    return nested, resolved


def _declared_types(command: ApplicationCommand | None, subcommand: str | None) -> dict[str, int]:
    if command is None:
        return {}
    options = command.data.get("options") or []
    for part in (subcommand or "").split():
        options = next((o.get("options") or [] for o in options if o.get("name") == part), [])
    return {o["name"]: o["type"] for o in options if "type" in o}


def _option(state: DoubleState, name: str, value: Any, declared: int | None, resolved: dict) -> dict[str, Any]:
    kind = declared or _inferred_type(value)
    if kind in (OptionType.USER, OptionType.MENTIONABLE) and isinstance(value, (User, Member, int)):
        user_id = value if isinstance(value, int) else value.id
        resolved.setdefault("users", {})[str(user_id)] = payloads.user(state.users[user_id])
        return {"type": kind, "name": name, "value": str(user_id)}
    if kind == OptionType.ROLE:
        role_id = value if isinstance(value, int) else value.id
        guild = next(g for g in state.guilds.values() if role_id in g.roles)
        resolved.setdefault("roles", {})[str(role_id)] = payloads.role(guild.roles[role_id])
        return {"type": kind, "name": name, "value": str(role_id)}
    if kind == OptionType.CHANNEL:
        channel = state.channels[value if isinstance(value, int) else value.id]
        data = payloads.channel(state, channel)
        data["permissions"] = "0"
        resolved.setdefault("channels", {})[str(channel.id)] = data
        return {"type": kind, "name": name, "value": str(channel.id)}
    return {"type": kind, "name": name, "value": value}


def _inferred_type(value: Any) -> int:
    if isinstance(value, bool):
        return OptionType.BOOLEAN
    if isinstance(value, int):
        return OptionType.INTEGER
    if isinstance(value, float):
        return OptionType.NUMBER
    if isinstance(value, (User, Member)):
        return OptionType.USER
    if isinstance(value, Role):
        return OptionType.ROLE
    if isinstance(value, Channel):
        return OptionType.CHANNEL
    return OptionType.STRING


def resolve_members(state: DoubleState, guild: Guild, channel: Channel, resolved: dict[str, Any]) -> None:
    """Users given as plain User records still resolve to members of the invoking guild, as on Discord: a partial
    member (no user, deaf or mute) with their permissions in the channel. A user who is not a member has none."""
    for user_id in resolved.get("users", {}):
        member = guild.members.get(int(user_id))
        if member is not None:
            partial = payloads.member(state, member, with_user=False)
            del partial["mute"], partial["deaf"]
            partial["permissions"] = str(channel_permissions(guild, channel, member))
            resolved.setdefault("members", {})[user_id] = partial


def interaction_payload(
    state: DoubleState,
    application: Application,
    guild: Guild,
    channel: Channel,
    member: Member,
    command: dict[str, Any],
) -> tuple[int, str, dict[str, Any]]:
    interaction_id = state.ids.next()
    token = "aegis-double-" + secrets.token_urlsafe(24)
    bot_member = guild.members[application.bot_user_id]
    channel_data = payloads.channel(state, channel)
    payload = {
        "id": str(interaction_id),
        "application_id": str(application.id),
        "type": 2,
        "data": command,
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
        "channel_id": str(channel.id),
        "channel": channel_data,
        "member": {**payloads.member(state, member), "permissions": str(channel_permissions(guild, channel, member))},
        "token": token,
        "version": 1,
        "app_permissions": str(channel_permissions(guild, channel, bot_member)),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    return interaction_id, token, payload
