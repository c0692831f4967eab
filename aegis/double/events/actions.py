"""State changes that Discord announces on the gateway: each mutates the state, then dispatches.

REST handlers (after their permission checks) and the test-driving API both go through here, so a
ban from the bot and a ban "by a moderator in the Discord client" look the same to the bot. `by` names who
acted: the moderation actions Discord audits then also get their audit-log entry (the bot's own REST calls name
the bot, as Discord does).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aegis.double.events import payloads
from aegis.double.events.audit_log import AuditAction, change, entry_payload, may_view
from aegis.double.gateway.hub_types import Dispatch
from aegis.double.world.mentions import resolve
from aegis.double.world.models import Ban, Channel, Guild, Member, Message, Role, User
from aegis.double.world.snowflakes import iso, utcnow
from aegis.double.world.state import DoubleState

_UNSET: Any = object()


def as_received_embed(embed: dict[str, Any]) -> dict[str, Any]:
    """Discord fills in the embed type ("rich") when the sender leaves it out."""
    return {"type": "rich", **embed}


class Actions:
    def __init__(self, state: DoubleState, dispatch: Dispatch) -> None:
        self.state = state
        self.dispatch = dispatch
        self.cdn_url = lambda: "https://cdn.discordapp.com"  # the double points it at itself once it listens

    # ---- messages -----------------------------------------------------------------------------

    def create_message(
        self,
        channel: Channel,
        author: User,
        content: str = "",
        *,
        embeds: list[dict[str, Any]] = (),
        attachments: list[dict[str, Any]] = (),
        components: list[dict[str, Any]] = (),
        allowed_mentions: dict[str, Any] | None = None,
        extra_mentions: list[int] = (),
        flags: int = 0,
        created_at: datetime | None = None,
        webhook_id: int | None = None,
        application_id: int | None = None,
        message_reference: dict[str, Any] | None = None,
        message_type: int = 0,
        tts: bool = False,
        announce: bool = True,
    ) -> Message:
        mentions = resolve(content, allowed_mentions)
        message = Message(
            id=self.state.ids.next(created_at),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author_id=author.id,
            content=content,
            embeds=[as_received_embed(e) for e in embeds],
            attachments=[self.attachment(a) for a in attachments],
            components=list(components),
            mention_ids=list(dict.fromkeys([*mentions.users, *extra_mentions])),
            mention_role_ids=mentions.roles,
            mention_everyone=mentions.everyone,
            allowed_mentions=allowed_mentions,
            flags=flags,
            type=message_type,
            tts=tts,
            webhook_id=webhook_id,
            application_id=application_id,
            message_reference=message_reference,
        )
        self.state.store_message(message)
        if announce:
            self._announce_message("MESSAGE_CREATE", message)
        return message

    def attachment(self, given: dict[str, Any]) -> dict[str, Any]:
        """`given` may carry the file's bytes as "data": the double then serves them at the attachment's url."""
        attachment_id = self.state.ids.next()
        filename = given.get("filename", "file.bin")
        url = f"{self.cdn_url()}/attachments/0/{attachment_id}/{filename}"
        if given.get("data") is not None:
            self.state.attachment_bytes[attachment_id] = bytes(given["data"])
        return {
            "id": str(attachment_id),
            "filename": filename,
            "size": given.get("size", len(given.get("data") or b"")),
            "url": url,
            "proxy_url": url,
            **({"content_type": given["content_type"]} if "content_type" in given else {}),
        }

    def edit_message(
        self, message: Message, *, content: str = _UNSET, embeds: list = _UNSET, announce: bool = True, **fields: Any
    ) -> Message:
        if content is not _UNSET:
            message.content = content
            mentions = resolve(content, message.allowed_mentions)
            message.mention_ids, message.mention_role_ids = mentions.users, mentions.roles
            message.mention_everyone = mentions.everyone
        if embeds is not _UNSET:
            message.embeds = [as_received_embed(e) for e in embeds]
        for name, value in fields.items():
            setattr(message, name, value)
        message.edited_at = utcnow()
        if announce:
            self._announce_message("MESSAGE_UPDATE", message)
        return message

    def _announce_message(self, event: str, message: Message) -> None:
        data = payloads.message(self.state, message)
        visible_to = frozenset([message.author_id, *message.mention_ids])
        if message.guild_id is not None:
            self.dispatch(event, data, guild_id=message.guild_id, content_visible_to=visible_to)
        else:
            recipients = tuple(self.state.channels[message.channel_id].recipient_ids)
            self.dispatch(event, data, user_ids=recipients, content_visible_to=visible_to)

    def delete_message(self, message: Message) -> None:
        del self.state.messages[message.channel_id][message.id]
        data = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id is not None:
            self.dispatch("MESSAGE_DELETE", {**data, "guild_id": str(message.guild_id)}, guild_id=message.guild_id)
        else:
            recipients = tuple(self.state.channels[message.channel_id].recipient_ids)
            self.dispatch("MESSAGE_DELETE", data, user_ids=recipients)

    def bulk_delete(self, channel: Channel, messages: list[Message]) -> None:
        for message in messages:
            del self.state.messages[channel.id][message.id]
        data = {"ids": [str(m.id) for m in messages], "channel_id": str(channel.id), "guild_id": str(channel.guild_id)}
        self.dispatch("MESSAGE_DELETE_BULK", data, guild_id=channel.guild_id)

    def add_reaction(self, message: Message, user: User, emoji: str) -> None:
        users = message.reactions.setdefault(emoji, [])
        if user.id in users:
            return
        users.append(user.id)
        data = {
            "user_id": str(user.id),
            "channel_id": str(message.channel_id),
            "message_id": str(message.id),
            "message_author_id": str(message.author_id),
            "emoji": {"id": None, "name": emoji},
            "burst": False,
            "type": 0,
        }
        if message.guild_id is not None:
            guild = self.state.guilds[message.guild_id]
            data["guild_id"] = str(guild.id)
            if user.id in guild.members:
                data["member"] = payloads.member(self.state, guild.members[user.id])
            self.dispatch("MESSAGE_REACTION_ADD", data, guild_id=guild.id)
        else:
            recipients = tuple(self.state.channels[message.channel_id].recipient_ids)
            self.dispatch("MESSAGE_REACTION_ADD", data, user_ids=recipients)

    def rename_guild(self, guild: Guild, name: str) -> None:
        guild.name = name
        self.dispatch("GUILD_UPDATE", payloads.guild(guild), guild_id=guild.id)

    # ---- members ------------------------------------------------------------------------------

    def member_join(self, guild: Guild, user: User, roles=(), *, joined_at: datetime | None = None) -> Member:
        member = self.state.add_member(guild, user, list(roles), joined_at=joined_at)
        self.dispatch("GUILD_MEMBER_ADD", payloads.member_event(self.state, member), guild_id=guild.id)
        return member

    def update_member(
        self, member: Member, *, by: int | None = None, reason: str | None = None, **changes: Any
    ) -> Member:
        timeout_before = member.communication_disabled_until
        for name, value in changes.items():
            setattr(member, name, value)
        self.dispatch("GUILD_MEMBER_UPDATE", payloads.member_event(self.state, member), guild_id=member.guild_id)
        timeout_after = member.communication_disabled_until
        if by is not None and "communication_disabled_until" in changes and timeout_after != timeout_before:
            timeout = change("communication_disabled_until", iso(timeout_before), iso(timeout_after))
            guild = self.state.guilds[member.guild_id]
            self.audit(guild, AuditAction.MEMBER_UPDATE, by, member.user_id, reason, [timeout])
        return member

    def remove_member(self, guild: Guild, user_id: int, *, by: int | None = None, reason: str | None = None) -> None:
        """A member leaves; with `by`, they were kicked."""
        # Dispatch first: the bot may be the one leaving, and then it must still hear about it.
        data = {"guild_id": str(guild.id), "user": payloads.user(self.state.users[user_id])}
        self.dispatch("GUILD_MEMBER_REMOVE", data, guild_id=guild.id)
        del guild.members[user_id]
        if by is not None:
            self.audit(guild, AuditAction.MEMBER_KICK, by, user_id, reason)

    def ban(
        self, guild: Guild, user: User, *, reason: str | None, delete_message_seconds: int = 0, by: int | None = None
    ) -> Ban:
        ban = guild.bans[user.id] = Ban(user.id, reason)
        if user.id in guild.members:
            self.remove_member(guild, user.id)
        self.dispatch("GUILD_BAN_ADD", {"guild_id": str(guild.id), "user": payloads.user(user)}, guild_id=guild.id)
        if by is not None:
            self.audit(guild, AuditAction.MEMBER_BAN_ADD, by, user.id, reason)
        if delete_message_seconds > 0:
            self._purge_recent_messages(guild, user, timedelta(seconds=delete_message_seconds))
        return ban

    def _purge_recent_messages(self, guild: Guild, user: User, window: timedelta) -> None:
        cutoff = utcnow() - window
        for channel in self.state.guild_channels(guild):
            doomed = [
                m for m in self.state.channel_messages(channel.id) if m.author_id == user.id and m.created_at >= cutoff
            ]
            if doomed:
                self.bulk_delete(channel, doomed)

    def unban(self, guild: Guild, user: User, *, by: int | None = None, reason: str | None = None) -> None:
        del guild.bans[user.id]
        self.dispatch("GUILD_BAN_REMOVE", {"guild_id": str(guild.id), "user": payloads.user(user)}, guild_id=guild.id)
        if by is not None:
            self.audit(guild, AuditAction.MEMBER_BAN_REMOVE, by, user.id, reason)

    def audit(
        self,
        guild: Guild,
        action: AuditAction,
        by: int,
        target_id: int,
        reason: str | None,
        changes: list[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        entry = entry_payload(self.state.ids.next(), action, by, target_id, reason, list(changes))
        guild.audit_log.append(entry)
        self.dispatch(
            "GUILD_AUDIT_LOG_ENTRY_CREATE",
            {**entry, "guild_id": str(guild.id)},
            guild_id=guild.id,
            bots_allowed=lambda bot_user_id: may_view(guild, bot_user_id),
        )
        return entry

    def role_created(self, role: Role) -> None:
        self.dispatch("GUILD_ROLE_CREATE", _role_event(role), guild_id=role.guild_id)

    def update_role(self, role: Role, **changes: Any) -> Role:
        for name, value in changes.items():
            setattr(role, name, value)
        self.dispatch("GUILD_ROLE_UPDATE", _role_event(role), guild_id=role.guild_id)
        return role

    # ---- channels -----------------------------------------------------------------------------

    def update_channel(self, channel: Channel, **changes: Any) -> Channel:
        for name, value in changes.items():
            setattr(channel, name, value)
        self.dispatch("CHANNEL_UPDATE", payloads.channel(self.state, channel), guild_id=channel.guild_id)
        return channel


def _role_event(role: Role) -> dict[str, Any]:
    return {"guild_id": str(role.guild_id), "role": payloads.role(role)}
