"""Discord JSON for the double's records, shaped like the v10 API (and its OpenAPI description)."""

from __future__ import annotations

from typing import Any

from aegis.double.world.intents import application_flags
from aegis.double.world.models import (
    Application,
    ApplicationCommand,
    Ban,
    Channel,
    ChannelType,
    Guild,
    Member,
    Message,
    Role,
    User,
)
from aegis.double.world.snowflakes import iso
from aegis.double.world.state import DoubleState

Json = dict[str, Any]


def user(u: User) -> Json:
    return {
        "id": str(u.id),
        "username": u.username,
        "discriminator": "0",
        "global_name": u.global_name,
        "avatar": None,
        "bot": u.bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "primary_guild": None,
    }


def current_user(u: User) -> Json:
    return {**user(u), "mfa_enabled": False, "locale": "en-US", "verified": True, "email": None}


def role(r: Role) -> Json:
    return {
        "id": str(r.id),
        "name": r.name,
        "permissions": str(r.permissions),
        "position": r.position,
        "color": r.color,
        "colors": {"primary_color": r.color, "secondary_color": None, "tertiary_color": None},
        "hoist": r.hoist,
        "managed": r.managed,
        "mentionable": r.mentionable,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }


def member(state: DoubleState, m: Member, *, with_user: bool = True) -> Json:
    payload: Json = {
        "roles": [str(r) for r in m.roles],
        "nick": m.nick,
        "avatar": None,
        "banner": None,
        "joined_at": iso(m.joined_at),
        "premium_since": None,
        "communication_disabled_until": iso(m.communication_disabled_until),
        "flags": 0,
        "pending": False,
        "mute": False,
        "deaf": False,
    }
    if with_user:
        payload["user"] = user(state.users[m.user_id])
    return payload


def member_event(state: DoubleState, m: Member) -> Json:
    return {**member(state, m), "guild_id": str(m.guild_id)}


def channel(state: DoubleState, c: Channel) -> Json:
    if c.type == ChannelType.DM:
        return {
            "id": str(c.id),
            "type": c.type,
            "flags": 0,
            "last_message_id": _opt_id(c.last_message_id),
            "recipients": [user(state.users[r]) for r in c.recipient_ids],
        }
    voice = {"bitrate": 64000, "user_limit": 0, "rtc_region": None} if c.type == ChannelType.GUILD_VOICE else {}
    return {
        **voice,
        "id": str(c.id),
        "type": c.type,
        "flags": 0,
        "guild_id": str(c.guild_id),
        "name": c.name,
        "position": c.position,
        "parent_id": _opt_id(c.parent_id),
        "topic": c.topic,
        "nsfw": c.nsfw,
        "rate_limit_per_user": c.rate_limit_per_user,
        "last_message_id": _opt_id(c.last_message_id),
        "permission_overwrites": [
            {"id": str(o.id), "type": o.type, "allow": str(o.allow), "deny": str(o.deny)} for o in c.overwrites.values()
        ],
    }


def message(state: DoubleState, m: Message, *, with_member: bool = True) -> Json:
    payload: Json = {
        "id": str(m.id),
        "channel_id": str(m.channel_id),
        "type": m.type,
        "author": user(state.users[m.author_id]),
        "content": m.content,
        "timestamp": iso(m.created_at),
        "edited_timestamp": iso(m.edited_at),
        "tts": m.tts,
        "mention_everyone": m.mention_everyone,
        "mentions": [user(state.users[u]) for u in m.mention_ids if u in state.users],
        "mention_roles": [str(r) for r in m.mention_role_ids],
        "attachments": m.attachments,
        "embeds": m.embeds,
        "components": m.components,
        "pinned": m.pinned,
        "flags": m.flags,
    }
    if m.guild_id is not None:
        payload["guild_id"] = str(m.guild_id)
        author = state.guilds[m.guild_id].members.get(m.author_id)
        if with_member and author is not None and m.webhook_id is None:
            payload["member"] = member(state, author, with_user=False)
    if m.webhook_id is not None:
        payload["webhook_id"] = str(m.webhook_id)
    if m.application_id is not None:
        payload["application_id"] = str(m.application_id)
    if m.message_reference is not None:
        payload["message_reference"] = m.message_reference
    if m.reactions:
        payload["reactions"] = [
            {"emoji": {"id": None, "name": name}, "count": len(users), "me": False}
            for name, users in m.reactions.items()
        ]
    return payload


def without_content(payload: Json) -> Json:
    """What a session without the MESSAGE_CONTENT intent sees of someone else's message."""
    return {**payload, "content": "", "embeds": [], "attachments": [], "components": []}


def ban(state: DoubleState, b: Ban) -> Json:
    return {"user": user(state.users[b.user_id]), "reason": b.reason}


def _guild_fields(g: Guild) -> Json:
    return {
        "id": str(g.id),
        "name": g.name,
        "owner_id": str(g.owner_id),
        "icon": None,
        "description": None,
        "home_header": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "features": [],
        "application_id": None,
        "region": "deprecated",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "widget_enabled": False,
        "widget_channel_id": None,
        "verification_level": 0,
        "roles": [role(r) for r in sorted(g.roles.values(), key=lambda r: r.position)],
        "default_message_notifications": 0,
        "mfa_level": 0,
        "explicit_content_filter": 0,
        "max_presences": None,
        "max_members": 500000,
        "max_stage_video_channel_users": 50,
        "max_video_channel_users": 25,
        "vanity_url_code": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "rules_channel_id": None,
        "safety_alerts_channel_id": None,
        "public_updates_channel_id": None,
        "premium_progress_bar_enabled": False,
        "nsfw": False,
        "nsfw_level": 0,
        "emojis": [],
        "stickers": [],
        "incidents_data": None,
    }


def guild_create(state: DoubleState, g: Guild, *, members: list[Member], bot_id: int) -> Json:
    return {
        **_guild_fields(g),
        "unavailable": False,
        "large": len(g.members) > 250,
        "member_count": len(g.members),
        "joined_at": iso(g.members[bot_id].joined_at),
        "channels": [channel(state, c) for c in state.guild_channels(g)],
        "members": [member(state, m) for m in members],
        "threads": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def guild(g: Guild) -> Json:
    return {**_guild_fields(g), "approximate_member_count": len(g.members), "approximate_presence_count": 0}


def my_guild(g: Guild, permissions: int, owner: bool) -> Json:
    """An entry of GET /users/@me/guilds: the guild as the asking user sees it, with its permissions there."""
    return {
        "id": str(g.id),
        "name": g.name,
        "icon": None,
        "banner": None,
        "owner": owner,
        "permissions": str(permissions),
        "features": [],
    }


def application(state: DoubleState, app: Application) -> Json:
    return {
        "id": str(app.id),
        "name": app.name,
        "icon": None,
        "description": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": app.flags | application_flags(app.privileged_intents),
        "flags_new": str(app.flags | application_flags(app.privileged_intents)),
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "owner": user(state.users[app.bot_user_id]),
        "bot": user(state.users[app.bot_user_id]),
        "approximate_guild_count": len(state.guilds_of(app.bot_user_id)),
        "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0,
        "team": None,
        "eligible_oauth2_scopes": [],
        "summary": "",
    }


def command(c: ApplicationCommand) -> Json:
    payload = {
        "type": 1,
        "description": "",
        "default_member_permissions": None,
        "nsfw": False,
        **c.data,
        "id": str(c.id),
        "application_id": str(c.application_id),
        "version": str(c.id),
    }
    if c.guild_id is not None:
        payload["guild_id"] = str(c.guild_id)
    return payload


def _opt_id(value: int | None) -> str | None:
    return None if value is None else str(value)
