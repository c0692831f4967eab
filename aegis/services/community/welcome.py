"""Welcome and goodbye messages: where, what (with {user}, {server}, {member_count}), and whether the greeting also
goes to the newcomer's DMs. The settings live with the guild's other settings (versioned, exported, audited)."""

import logging
import string
from dataclasses import dataclass, replace

from aegis.domain.actors import Actor
from aegis.domain.guilds import GuildSettings
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_privilege
from aegis.services.ports import DiscordCallFailed
from aegis.services.wording.community import welcome as words
from aegis.storage import guilds

log = logging.getLogger("aegis.welcome")
PLACEHOLDERS = ("user", "server", "member_count")
MAX_MESSAGE = 1500  # room left in Discord's 2000 for long names and counts
MANAGE_SERVER = "manage_guild"
KINDS = ("welcome", "goodbye")


@dataclass(frozen=True, slots=True)
class Arrival:
    """A member who joined or left, as the greeting needs them."""

    guild_id: int
    guild_name: str
    user_id: int
    username: str
    member_count: int


def placeholders_in(text: str) -> list[str] | Refusal:
    """The placeholders the text uses, or a refusal naming the unknown ones and the known."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return Refusal("welcome_braces", words.bad_braces(PLACEHOLDERS))
    unknown = sorted({f for f in fields if f not in PLACEHOLDERS})
    if unknown:
        return Refusal("welcome_placeholder", words.unknown_placeholders(unknown, PLACEHOLDERS))
    return fields


def check_message(text: str) -> Refusal | None:
    if not text.strip():
        return Refusal("welcome_empty", words.EMPTY)
    if len(text) > MAX_MESSAGE:
        return Refusal("welcome_long", words.too_long(len(text), MAX_MESSAGE))
    found = placeholders_in(text)
    return found if isinstance(found, Refusal) else None


def render(template: str, *, user: str, server: str, member_count: int) -> str:
    """The text with its placeholders filled in; a template saved before it was checked is posted as written."""
    try:
        return template.format_map({"user": user, "server": server, "member_count": f"{member_count:,}"})
    except (KeyError, ValueError, IndexError, AttributeError):
        return template


async def set_channel(guild_id: int, actor: Actor, kind: str, channel_id: int | None) -> GuildSettings | Refusal:
    return await _change(guild_id, actor, **{f"{kind}_channel_id": channel_id})


async def set_message(guild_id: int, actor: Actor, kind: str, text: str) -> GuildSettings | Refusal:
    if refusal := check_message(text):
        return refusal
    return await _change(guild_id, actor, **{f"{kind}_message": text})


async def set_dm(guild_id: int, actor: Actor, on: bool) -> GuildSettings | Refusal:
    return await _change(guild_id, actor, welcome_dm=on)


async def _change(guild_id: int, actor: Actor, **changes) -> GuildSettings | Refusal:
    if refusal := check_privilege(actor, MANAGE_SERVER, words.CHANGING):
        return refusal
    return await db_call(
        guilds.update_settings,
        guild_id,
        actor,
        lambda current: (replace(current, **changes), "settings.update", {"community": sorted(changes)}),
    )


class Greeter:
    """Posts the welcome when a member joins and the goodbye when one leaves, as the guild's settings say."""

    def __init__(self, gateway):
        self.gateway = gateway

    async def joined(self, arrival: Arrival) -> None:
        settings = await db_call(guilds.get_settings, arrival.guild_id)
        template = settings.welcome_message or words.DEFAULT_WELCOME
        text = render(
            template, user=f"<@{arrival.user_id}>", server=arrival.guild_name, member_count=arrival.member_count
        )
        if settings.welcome_channel_id:
            await self._post(settings.welcome_channel_id, text, ping=arrival.user_id)
        if settings.welcome_dm:
            dm = render(template, user=arrival.username, server=arrival.guild_name, member_count=arrival.member_count)
            await self.gateway.direct_message(arrival.user_id, dm)

    async def left(self, arrival: Arrival) -> None:
        settings = await db_call(guilds.get_settings, arrival.guild_id)
        if not settings.goodbye_channel_id:
            return
        template = settings.goodbye_message or words.DEFAULT_GOODBYE
        name = words.departed(arrival.username)
        text = render(template, user=name, server=arrival.guild_name, member_count=arrival.member_count)
        await self._post(settings.goodbye_channel_id, text, ping=None)

    async def _post(self, channel_id: int, text: str, ping: int | None) -> None:
        try:
            await self.gateway.greet(channel_id, text, ping)
        except DiscordCallFailed as exc:  # a greeting that cannot be posted must not stop the join's other work
            log.warning("channel=%s: greeting not posted: %s", channel_id, exc)


async def show(guild_id: int, actor: Actor) -> GuildSettings | Refusal:
    return check_privilege(actor, MANAGE_SERVER, words.READING) or await db_call(guilds.get_settings, guild_id)
