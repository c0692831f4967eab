"""What the bot did, in words: the REST calls the double answered, one line each (reads are left out)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from aegis.double import RecordedRequest
from aegis.double.world.community import Community
from aegis.double.world.models import ChannelType

MESSAGE = "/channels/{channel_id}/messages/{message_id}"
MESSAGES = "/channels/{channel_id}/messages"
BULK = "/channels/{channel_id}/messages/bulk-delete"
MEMBER = "/guilds/{guild_id}/members/{user_id}"
BAN = "/guilds/{guild_id}/bans/{user_id}"
MEMBER_ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"
ORIGINAL = "/webhooks/{application_id}/{interaction_token}/messages/@original"
FOLLOW_UP = "/webhooks/{application_id}/{interaction_token}"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
USER_MENTION = re.compile(r"<@!?(\d+)>")


@dataclass
class Posted:
    """Who wrote which message, remembered when posted: a deleted message is gone from the double's state."""

    authors: dict[int, str] = field(default_factory=dict)
    invokers: dict[str, str] = field(default_factory=dict)  # interaction token -> moderator


def describe(request: RecordedRequest, community: Community, posted: Posted) -> str | None:
    """One line for a call that changed something, or None for reads and bookkeeping."""
    if request.method == "GET":
        return None
    line = _describe(request, community, posted)
    if line is not None and request.status >= 400:
        message = request.response.get("message") if isinstance(request.response, dict) else None
        line += f" — Discord refused ({request.status}{': ' + message if message else ''})"
    return line


def _describe(request: RecordedRequest, community: Community, posted: Posted) -> str | None:
    params, body = request.params, request.json if isinstance(request.json, dict) else {}
    name: Callable[[str], str] = lambda key: community.name_of(int(params[key]))
    key = (request.method, request.route)
    if key == ("DELETE", MESSAGE):
        author = posted.authors.get(int(params["message_id"]), "someone")
        return f"deleted a message by {author} in {_channel(community, params['channel_id'])}"
    if key == ("POST", BULK):
        authors = sorted({posted.authors.get(int(i), "someone") for i in body.get("messages", [])})
        where = _channel(community, params["channel_id"])
        return f"deleted {len(body.get('messages', []))} messages by {', '.join(authors)} in {where}"
    if key == ("PATCH", MEMBER) and "communication_disabled_until" in body:
        until = body["communication_disabled_until"]
        if until is None:
            return f"lifted {name('user_id')}'s timeout"
        return f"timed out {name('user_id')} until {until[11:19]} UTC{_because(request)}"
    if key == ("DELETE", MEMBER):
        return f"kicked {name('user_id')}{_because(request)}"
    if key == ("PUT", BAN):
        return f"banned {name('user_id')}{_because(request)}"
    if key == ("DELETE", BAN):
        return f"unbanned {name('user_id')}{_because(request)}"
    if request.route == MEMBER_ROLE:
        role = community.guild.roles.get(int(params["role_id"]))
        verb = "gave" if request.method == "PUT" else "took"
        return f"{verb} {name('user_id')} the role @{role.name if role else params['role_id']}"
    if key == ("POST", MESSAGES):
        return _sent(community, int(params["channel_id"]), body.get("content") or _embed_text(body))
    if key in (("PATCH", ORIGINAL), ("POST", FOLLOW_UP)) or (key == ("POST", CALLBACK) and body.get("type") == 4):
        content = (body.get("data") or body).get("content")
        if not content:
            return None
        to = posted.invokers.get(params["interaction_token"], "the moderator")
        return f"answered {to} (only they see it): {_readable(community, content)}"
    return None


def _sent(community: Community, channel_id: int, content: str) -> str:
    channel = community.double.state.channels.get(channel_id)
    if channel is not None and channel.type == ChannelType.DM:
        recipient = next((u for u in channel.recipient_ids if u != community.bot.id), None)
        return f"sent {community.name_of(recipient)} a DM: {_readable(community, content)}"
    return f"posted in {_channel(community, channel_id)}: {_readable(community, content)}"


def _channel(community: Community, channel_id: int | str) -> str:
    channel = community.double.state.channels.get(int(channel_id))
    return f"#{channel.name}" if channel is not None and channel.name else "a channel"


def _because(request: RecordedRequest) -> str:
    return f" (reason: {request.reason})" if request.reason else ""


def _embed_text(body: dict) -> str:
    embeds = body.get("embeds") or [{}]
    return embeds[0].get("title") or embeds[0].get("description") or "(an embed)"


def _readable(community: Community, text: str, width: int = 160) -> str:
    """The first line, with <@id> mentions as @names (the feed is read by people, not Discord clients)."""
    text = USER_MENTION.sub(lambda m: "@" + community.name_of(int(m.group(1))), text)
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"
