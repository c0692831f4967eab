"""The services' DiscordGateway port, over discord.py."""

import io
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import discord

from aegis.bot.snapshots import role_snapshot
from aegis.services.moderation.checks import RoleSnapshot
from aegis.services.ports import DiscordCallFailed, MemberState, PurgeFilter

AUDIT_REASON_LIMIT = 512  # Discord's X-Audit-Log-Reason limit
NO_PINGS = discord.AllowedMentions.none()
BULK_DELETE_AGE = timedelta(days=14)  # older messages cannot be bulk-deleted


def audit_reason(reason: str | None) -> str | None:
    return None if reason is None else reason[:AUDIT_REASON_LIMIT]


@asynccontextmanager
async def discord_errors():
    try:
        yield
    except discord.HTTPException as exc:
        raise DiscordCallFailed(exc.status, exc.code, exc.text or exc.response.reason or "") from exc


class DiscordPyGateway:
    def __init__(self, client: discord.Client):
        self.client = client

    async def ban(self, guild_id, user_id, *, reason, delete_message_seconds):
        async with discord_errors():
            await self.client.http.ban(user_id, guild_id, delete_message_seconds, reason=audit_reason(reason))

    async def unban(self, guild_id, user_id, *, reason):
        async with discord_errors():
            await self.client.http.unban(user_id, guild_id, reason=audit_reason(reason))

    async def kick(self, guild_id, user_id, *, reason):
        async with discord_errors():
            await self.client.http.kick(user_id, guild_id, reason=audit_reason(reason))

    async def timeout(self, guild_id, user_id, until: datetime | None, *, reason):
        async with discord_errors():
            await self.client.http.edit_member(
                guild_id,
                user_id,
                reason=audit_reason(reason),
                communication_disabled_until=until.isoformat() if until else None,
            )

    async def add_role(self, guild_id, user_id, role_id, *, reason):
        async with discord_errors():
            await self.client.http.add_role(guild_id, user_id, role_id, reason=audit_reason(reason))

    async def remove_role(self, guild_id, user_id, role_id, *, reason):
        async with discord_errors():
            await self.client.http.remove_role(guild_id, user_id, role_id, reason=audit_reason(reason))

    async def role(self, guild_id, role_id) -> RoleSnapshot | None:
        guild = self.client.get_guild(guild_id)  # roles arrive with the guild and stay current through its events
        if guild and (role := guild.get_role(role_id)):
            return role_snapshot(role)
        async with discord_errors():  # not cached (yet): ask, rather than call a live role deleted
            found = [r for r in await self.client.http.get_roles(guild_id) if int(r["id"]) == role_id]
        return (
            RoleSnapshot(
                role_id, found[0]["name"], found[0]["position"], found[0].get("managed", False), role_id == guild_id
            )
            if found
            else None
        )

    async def delete_messages(self, channel_id, message_ids, *, reason):
        async with discord_errors():
            if len(message_ids) == 1:
                await self.client.http.delete_message(channel_id, message_ids[0], reason=audit_reason(reason))
            else:
                await self.client.http.delete_messages(channel_id, message_ids, reason=audit_reason(reason))

    async def purge(self, channel_id, which: PurgeFilter, *, reason) -> int:
        """Bulk-deletes in calls of at most 100 and deletes one by one what is older than 14 days (Discord's
        rule); a failure half-way says how many were already gone."""
        channel = await self._channel(channel_id)
        wanted = _first(which.count, _matching(which))
        async with discord_errors():
            history = channel.history(limit=which.count if not (which.author_id or which.contains) else 1000)
            found = [m async for m in history if m.type.is_deletable() and wanted(m)]
        bulk_after = discord.utils.time_snowflake(discord.utils.utcnow() - BULK_DELETE_AGE)
        recent = [m for m in found if m.id > bulk_after]
        old = [m for m in found if m.id <= bulk_after]
        deleted = 0
        try:
            for start in range(0, len(recent), 100):
                chunk = recent[start : start + 100]
                await channel.delete_messages(chunk, reason=audit_reason(reason))
                deleted += len(chunk)
            for message in old:
                await message.delete()
                deleted += 1
        except discord.HTTPException as exc:
            text = exc.text or exc.response.reason or ""
            raise DiscordCallFailed(exc.status, exc.code, text, {"deleted": deleted}) from exc
        return deleted

    async def set_slowmode(self, channel_id, seconds, *, reason):
        channel = await self._channel(channel_id)
        async with discord_errors():
            await channel.edit(slowmode_delay=seconds, reason=audit_reason(reason))

    async def set_locked(self, channel_id, locked, *, reason):
        channel = await self._channel(channel_id)
        everyone = channel.guild.default_role
        overwrite = channel.overwrites_for(everyone)
        overwrite.send_messages = False if locked else None
        async with discord_errors():
            await channel.set_permissions(
                everyone, overwrite=None if overwrite.is_empty() else overwrite, reason=audit_reason(reason)
            )

    async def post(self, channel_id, text):
        channel = await self._channel(channel_id)
        async with discord_errors():
            await channel.send(text, allowed_mentions=NO_PINGS)

    async def is_banned(self, guild_id, user_id) -> bool:
        try:
            await self.client.http.get_ban(user_id, guild_id)
        except discord.NotFound:
            return False
        except discord.HTTPException as exc:
            raise DiscordCallFailed(exc.status, exc.code, exc.text or "") from exc
        return True

    async def member_state(self, guild_id, user_id) -> MemberState | None:
        try:
            raw = await self.client.http.get_member(guild_id, user_id)
        except discord.NotFound:
            return None
        except discord.HTTPException as exc:
            raise DiscordCallFailed(exc.status, exc.code, exc.text or "") from exc
        until = raw.get("communication_disabled_until")
        return MemberState(
            datetime.fromisoformat(until) if until else None, frozenset(int(r) for r in raw.get("roles", ()))
        )

    async def direct_message(self, user_id, text) -> bool:
        try:
            # By id: the DM channel needs no User (with no member cache, fetching one is a request per DM).
            dm = await self.client.create_dm(discord.Object(user_id))
            await dm.send(text, allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            return False  # closed DMs are the member's choice, never a reason to stop
        return True

    async def direct_message_file(self, user_id, text, filename, data) -> bool:
        try:
            dm = await self.client.create_dm(discord.Object(user_id))
            await dm.send(text, file=discord.File(io.BytesIO(data), filename), allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            return False
        return True

    async def _channel(self, channel_id: int):
        async with discord_errors():
            return self.client.get_channel(channel_id) or await self.client.fetch_channel(channel_id)


def _matching(which: PurgeFilter):
    def wanted(message: discord.Message) -> bool:
        if which.author_id is not None and message.author.id != which.author_id:
            return False
        return which.contains is None or which.contains.lower() in message.content.lower()

    return wanted


def _first(count: int, wanted):
    seen = 0

    def check(message: discord.Message) -> bool:
        nonlocal seen
        if seen >= count or not wanted(message):
            return False
        seen += 1
        return True

    return check
