"""Discord's word on who is where, turned into plain values for services.roster: guild names at READY,
GUILD_CREATE and GUILD_UPDATE, members as they join and leave, and usernames as they change."""

import asyncio
import logging

import discord

from aegis.services import roster
from aegis.services.dbcall import db_call

log = logging.getLogger(__name__)


def user_seen(user: discord.abc.User, joined_at=None) -> roster.UserSeen:
    return roster.UserSeen(user.id, user.name, user.bot, user.created_at, joined_at)


def guild_seen(guild: discord.Guild) -> roster.GuildSeen:
    present = tuple(user_seen(m, m.joined_at) for m in guild.members)
    return roster.GuildSeen(guild.id, guild.name, present)


class RosterListener:
    """Fed every event the client dispatches (AegisBot.dispatch); writes the ones about who is where."""

    def __init__(self):
        self.handlers = {
            "guild_available": self.guild_available,  # READY's guilds, and each GUILD_CREATE
            "guild_join": self.guild_available,
            "guild_update": self.guild_update,
            "member_join": self.member_join,
            "raw_member_remove": self.member_remove,
            "user_update": self.user_update,
        }
        self._tasks: set[asyncio.Task] = set()

    def dispatch(self, event: str, *args) -> None:
        handler = self.handlers.get(event)
        if handler is not None:
            task = asyncio.get_running_loop().create_task(handler(*args), name=f"aegis-roster-{event}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Waits for the writes under way (shutdown, tests)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def guild_available(self, guild: discord.Guild) -> None:
        await _write(f"guild {guild.id}", roster.guild_seen, guild_seen(guild))

    async def guild_update(self, before: discord.Guild, after: discord.Guild) -> None:
        if before.name != after.name:
            await _write(f"guild {after.id}", roster.guild_seen, roster.GuildSeen(after.id, after.name))

    async def member_join(self, member: discord.Member) -> None:
        await _write(f"member {member.id}", roster.member_joined, member.guild.id, user_seen(member, member.joined_at))

    async def member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        await _write(f"member {payload.user.id}", roster.member_left, payload.guild_id, user_seen(payload.user))

    async def user_update(self, before: discord.User, after: discord.User) -> None:
        if before.name != after.name:
            await _write(f"user {after.id}", roster.user_seen, user_seen(after))


async def _write(what: str, call, *args) -> None:
    try:
        await db_call(call, *args)
    except Exception:  # a name not written shows as a bare id: never worth stopping the bot for
        log.exception("could not record %s", what)
