"""The event logs: each event the bot hears, posted to the channel its server chose for that type, pinging
nobody. What the logs need of a message comes from the message store; a deleted message's attachments are
fetched and re-uploaded with the log post, before Discord's links stop working."""

import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime

from aegis import clock
from aegis.domain.logs import KeptMessage
from aegis.services.dbcall import db_call
from aegis.services.logs import kinds
from aegis.services.logs.routes import LogRoutes
from aegis.services.logs.store import MessageStore
from aegis.services.ports import LogPoster
from aegis.services.wording import logs as words
from aegis.storage.moderation import cases

log = logging.getLogger("aegis.services.logs")
MAX_REUPLOAD = 8 * 1024 * 1024  # per file: what any server may upload
MAX_FILES = 10  # per message, as Discord allows


class EventLog:
    def __init__(
        self, poster: LogPoster, routes: LogRoutes, store: MessageStore, load: Callable[[int], Awaitable[None]]
    ) -> None:
        """`load(guild_id)` reads a guild's settings into `routes` (for a guild no event has touched yet)."""
        self.poster, self.routes, self.store, self._load = poster, routes, store, load

    async def channel(self, guild_id: int, kind: str) -> int | None:
        if not self.routes.known(guild_id):
            await self._load(guild_id)
        return self.routes.channel(guild_id, kind)

    async def post(self, guild_id: int, kind: str, text: str, files: list[tuple[str, bytes]] = ()) -> bool:
        channel_id = await self.channel(guild_id, kind)
        if channel_id is None:
            return False
        try:
            await self.poster.post_log(channel_id, text, list(files))
        except Exception as exc:
            log.warning("event log post failed guild=%s kind=%s channel=%s: %s", guild_id, kind, channel_id, exc)
            return False
        return True

    # ---- messages ----

    async def message_deleted(self, guild_id: int, channel_id: int, message_id: int, cached: KeptMessage | None):
        if await self.channel(guild_id, kinds.MESSAGE_DELETE) is None:
            if self.routes.keeps_content(guild_id):  # kept for the edit log: a deleted message needs it no longer
                await self.store.forget([message_id])
            return
        kept = cached or (await self.store.find([message_id])).get(message_id)
        files = await self._fetch(kept.attachments if kept else ())
        await self.post(
            guild_id, kinds.MESSAGE_DELETE, words.message_deleted(channel_id, message_id, kept, len(files)), files
        )
        await self.store.forget([message_id])

    async def message_edited(self, after: KeptMessage, cached_before: KeptMessage | None) -> None:
        """`after`: the message as it is now. The store keeps the new content for the next edit or delete."""
        channel_id = await self.channel(after.guild_id, kinds.MESSAGE_EDIT)
        keeps = self.routes.keeps_content(after.guild_id)
        if channel_id is None and not keeps:
            return  # a server with no content logs: not even a look in the store
        before = cached_before or (await self.store.find([after.id])).get(after.id)
        if keeps:
            self.store.note(after)
        if channel_id is None or (before is not None and before.content == after.content):
            return  # no edit log, or an embed or a pin changed, not what the member wrote
        text = words.message_edited(after.guild_id, after.channel_id, after.id, before, after)
        await self.post(after.guild_id, kinds.MESSAGE_EDIT, text)

    async def bulk_deleted(self, guild_id: int, channel_id: int, ids: list[int], cached: dict[int, KeptMessage]):
        if await self.channel(guild_id, kinds.BULK_DELETE) is None:
            if self.routes.keeps_content(guild_id):
                await self.store.forget(ids)
            return
        found = {**(await self.store.find([i for i in ids if i not in cached])), **cached}
        kept = sorted(found.values(), key=lambda m: m.id)
        missing = sorted(i for i in ids if i not in found)
        data = words.bulk_file(kept, missing).encode()
        name = f"deleted-messages-{channel_id}.txt"
        await self.post(
            guild_id, kinds.BULK_DELETE, words.bulk_deleted(channel_id, len(ids), len(kept)), [(name, data)]
        )
        await self.store.forget(ids)

    async def _fetch(self, attachments) -> list[tuple[str, bytes]]:
        files = []
        for attachment in attachments[:MAX_FILES]:
            if attachment.size > MAX_REUPLOAD:
                continue
            data = await self.poster.download(attachment.url, MAX_REUPLOAD)
            if data is not None:
                files.append((attachment.filename, data))
        return files

    # ---- members ----

    async def member_joined(self, guild_id: int, user_id: int, name: str, created_at: datetime) -> None:
        if await self.channel(guild_id, kinds.MEMBER_JOIN) is None:
            return
        prior = Counter(await db_call(cases.type_counts_for_target, guild_id, user_id))
        await self.post(guild_id, kinds.MEMBER_JOIN, words.member_joined(user_id, name, created_at, clock.now(), prior))

    async def member_left(self, guild_id: int, user_id: int, name: str, roles: list[str]) -> None:
        await self.post(guild_id, kinds.MEMBER_LEAVE, words.member_left(user_id, name, roles))

    async def nickname_changed(self, guild_id: int, user_id: int, before: str | None, after: str | None) -> None:
        await self.post(guild_id, kinds.NAMES, words.nickname_changed(user_id, before, after))

    async def username_changed(self, guild_id: int, user_id: int, before: str, after: str) -> None:
        await self.post(guild_id, kinds.NAMES, words.username_changed(user_id, before, after))

    async def roles_changed(self, guild_id: int, user_id: int, name: str, given: list[str], taken: list[str]) -> None:
        await self.post(guild_id, kinds.MEMBER_ROLES, words.roles_changed(user_id, name, given, taken))

    # ---- the server ----

    async def channel_created(self, guild_id: int, channel_id: int, name: str, kind: str) -> None:
        await self.post(guild_id, kinds.CHANNELS, words.channel_created(channel_id, name, kind))

    async def channel_deleted(self, guild_id: int, channel_id: int, name: str, kind: str) -> None:
        await self.post(guild_id, kinds.CHANNELS, words.channel_deleted(channel_id, name, kind))

    async def role_created(self, guild_id: int, role_id: int, name: str) -> None:
        await self.post(guild_id, kinds.ROLES, words.role_created(role_id, name))

    async def role_deleted(self, guild_id: int, role_id: int, name: str) -> None:
        await self.post(guild_id, kinds.ROLES, words.role_deleted(role_id, name))

    async def voice(self, guild_id: int, user_id: int, name: str, before: int | None, after: int | None) -> None:
        if before != after:
            await self.post(guild_id, kinds.VOICE, words.voice(user_id, name, before, after))

    async def invite_created(
        self,
        guild_id: int,
        code: str,
        channel_id: int,
        inviter: tuple[int, str] | None,
        max_uses: int,
        expires_at: datetime | None,
    ) -> None:
        """`inviter`: (id, name), None when Discord does not say."""
        await self.post(guild_id, kinds.INVITES, words.invite_created(code, channel_id, inviter, max_uses, expires_at))
