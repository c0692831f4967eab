"""Gateway events → the event logs: discord.py objects turned into plain values for aegis.services.logs, each
event handled in a task of its own. Messages are the hot path: noting one for the message store is a dictionary
assignment, and nothing at all in a server that keeps no content."""

import asyncio
import io
import logging
from datetime import timedelta

import discord

from aegis import clock
from aegis.domain.logs import KeptAttachment, KeptMessage
from aegis.services.data import retention
from aegis.services.dbcall import db_call
from aegis.services.logs.cipher import ContentCipher
from aegis.services.logs.routes import CONTENT_HOURS, LogRoutes
from aegis.services.logs.service import EventLog
from aegis.services.logs.store import MessageStore

log = logging.getLogger("aegis.services.logs")
NO_PINGS = discord.AllowedMentions.none()
FLUSH_EVERY = 1.0  # a second's messages wait in memory: at 5,000 a second, 5,000 small records
PRUNE_CONTENT_EVERY = timedelta(hours=1)  # a day's retention needs a finer job than the daily prune


def kept(message: discord.Message) -> KeptMessage:
    reference = message.reference
    return KeptMessage(
        message.id,
        message.guild.id,
        message.channel.id,
        message.author.id,
        message.author.name,
        message.content,
        message.created_at,
        reference.message_id if reference is not None else None,
        tuple(KeptAttachment(a.filename, a.url, a.size, a.content_type) for a in message.attachments),
    )


class DiscordLogPoster:
    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def post_log(self, channel_id: int, text: str, files: list[tuple[str, bytes]]) -> None:
        channel = self.client.get_channel(channel_id) or await self.client.fetch_channel(channel_id)
        uploads = [discord.File(io.BytesIO(data), filename=name) for name, data in files]
        await channel.send(text[:2000], files=uploads, allowed_mentions=NO_PINGS)

    async def download(self, url: str, limit: int) -> bytes | None:
        try:
            data = await self.client.http.get_from_cdn(url)
        except (discord.HTTPException, ValueError) as exc:
            log.info("attachment gone before it could be re-uploaded url=%s: %s", url, exc)
            return None
        return data if len(data) <= limit else None


class LogListener:
    def __init__(self, client, cipher: ContentCipher, default_content_hours: int) -> None:
        self.client = client
        self.routes = LogRoutes(default_content_hours)
        cipher.keys()  # read (or made) at start: a key file that cannot be read stops the bot here
        self.store = MessageStore(cipher, self.routes.keeps_content)
        client.automod_settings.listeners.append(self.routes.store)
        self.service = EventLog(
            DiscordLogPoster(client), self.routes, self.store, client.automod_settings.load_or_defaults
        )
        self._tasks: set[asyncio.Task] = set()
        self.handlers = {
            "raw_message_delete": self._deleted,
            "raw_bulk_message_delete": self._bulk_deleted,
            "raw_message_edit": self._edited,
            "member_join": self._joined,
            "raw_member_remove": self._left,
            "member_update": self._member_updated,
            "user_update": self._user_updated,
            "guild_channel_create": self._channel_created,
            "guild_channel_delete": self._channel_deleted,
            "guild_role_create": self._role_created,
            "guild_role_delete": self._role_deleted,
            "voice_state_update": self._voice,
            "invite_create": self._invite,
        }

    def message(self, message: discord.Message) -> None:
        guild = message.guild
        if guild is None or message.author.bot or self.routes.keeps_content(guild.id) is False:
            return
        # Read now: holding discord.py's Message until the flush would keep thousands of them (and all they
        # reference) alive, which is the message cache's growth by another name.
        self.store.note(kept(message))

    def dispatch(self, event: str, args: tuple) -> None:
        handler = self.handlers.get(event)
        if handler is not None:
            task = asyncio.create_task(handler(*args))
            self._tasks.add(task)
            task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("event log handling failed", exc_info=task.exception())

    async def run(self) -> None:
        """For the life of the bot: the store written every few seconds, old content pruned every hour."""
        pruned = clock.now()
        while True:
            await asyncio.sleep(FLUSH_EVERY)
            await self.store.flush()
            if clock.now() - pruned >= PRUNE_CONTENT_EVERY:
                pruned = clock.now()
                await self.prune_content()

    async def prune_content(self) -> int:
        defaults = {CONTENT_HOURS: self.routes.default_content_hours}
        try:
            deleted = await db_call(retention.prune, clock.now(), defaults, (CONTENT_HOURS,))
        except Exception:
            log.exception("pruning logged message content failed; will try again in an hour")
            return 0
        return deleted[CONTENT_HOURS]

    async def close(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        await self.store.flush()

    # ---- messages ----

    async def _deleted(self, payload: discord.RawMessageDeleteEvent) -> None:
        if payload.guild_id is None:
            return
        cached = payload.cached_message
        if cached is not None and cached.author.bot:
            return
        before = kept(cached) if cached is not None else None
        await self.service.message_deleted(payload.guild_id, payload.channel_id, payload.message_id, before)

    async def _bulk_deleted(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        if payload.guild_id is None:
            return
        cached = {m.id: kept(m) for m in payload.cached_messages if not m.author.bot}
        await self.service.bulk_deleted(payload.guild_id, payload.channel_id, sorted(payload.message_ids), cached)

    async def _edited(self, payload: discord.RawMessageUpdateEvent) -> None:
        after = payload.message
        if payload.guild_id is None or after.author.bot:
            return
        before = kept(payload.cached_message) if payload.cached_message is not None else None
        await self.service.message_edited(kept(after), before)

    # ---- members ----

    async def _joined(self, member: discord.Member) -> None:
        await self.service.member_joined(member.guild.id, member.id, member.name, member.created_at)

    async def _left(self, payload: discord.RawMemberRemoveEvent) -> None:
        user = payload.user
        roles = [r.name for r in user.roles if not r.is_default()] if isinstance(user, discord.Member) else []
        await self.service.member_left(payload.guild_id, user.id, user.name, roles)

    async def _member_updated(self, before: discord.Member, after: discord.Member) -> None:
        guild_id = after.guild.id
        if before.nick != after.nick:
            await self.service.nickname_changed(guild_id, after.id, before.nick, after.nick)
        had, has = set(before.roles), set(after.roles)
        if had != has:
            given = [r.name for r in sorted(has - had)]
            taken = [r.name for r in sorted(had - has)]
            await self.service.roles_changed(guild_id, after.id, after.name, given, taken)

    async def _user_updated(self, before: discord.User, after: discord.User) -> None:
        if before.name == after.name:
            return
        for guild in self.client.guilds:
            if guild.get_member(after.id) is not None:
                await self.service.username_changed(guild.id, after.id, before.name, after.name)

    # ---- the server ----

    async def _channel_created(self, channel: discord.abc.GuildChannel) -> None:
        await self.service.channel_created(channel.guild.id, channel.id, channel.name, str(channel.type))

    async def _channel_deleted(self, channel: discord.abc.GuildChannel) -> None:
        await self.service.channel_deleted(channel.guild.id, channel.id, channel.name, str(channel.type))

    async def _role_created(self, role: discord.Role) -> None:
        await self.service.role_created(role.guild.id, role.id, role.name)

    async def _role_deleted(self, role: discord.Role) -> None:
        await self.service.role_deleted(role.guild.id, role.id, role.name)

    async def _voice(self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState) -> None:
        was, now = before.channel.id if before.channel else None, after.channel.id if after.channel else None
        await self.service.voice(member.guild.id, member.id, member.name, was, now)

    async def _invite(self, invite: discord.Invite) -> None:
        if invite.guild is None:
            return
        inviter = (invite.inviter.id, invite.inviter.name) if invite.inviter else None
        await self.service.invite_created(
            invite.guild.id, invite.code, invite.channel.id, inviter, invite.max_uses or 0, invite.expires_at
        )
