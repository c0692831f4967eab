"""What the services need from Discord, implemented by aegis.bot over discord.py (and by nothing else)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from aegis.services.moderation.checks import RoleSnapshot


class DiscordCallFailed(Exception):
    """Discord answered an action with an error; `status` 403/404/… and Discord's JSON error `code`."""

    def __init__(self, status: int, code: int, text: str, done: dict | None = None):
        super().__init__(f"{status} {text}".strip())
        self.status, self.code, self.text = status, code, text
        self.done = done  # what a call made of several requests had done before the one that failed


@dataclass(frozen=True, slots=True)
class PurgeFilter:
    count: int
    author_id: int | None = None
    contains: str | None = None


@dataclass(frozen=True, slots=True)
class MemberState:
    """What Discord says of a member now: the reconciler's and the expiry runner's source of truth."""

    timed_out_until: datetime | None
    role_ids: frozenset[int]


class DiscordGateway(Protocol):
    async def ban(self, guild_id: int, user_id: int, *, reason: str | None, delete_message_seconds: int) -> None: ...
    async def unban(self, guild_id: int, user_id: int, *, reason: str | None) -> None: ...
    async def kick(self, guild_id: int, user_id: int, *, reason: str | None) -> None: ...
    async def timeout(self, guild_id: int, user_id: int, until: datetime | None, *, reason: str | None) -> None: ...
    async def add_role(self, guild_id: int, user_id: int, role_id: int, *, reason: str | None) -> None: ...
    async def remove_role(self, guild_id: int, user_id: int, role_id: int, *, reason: str | None) -> None: ...
    async def role(self, guild_id: int, role_id: int) -> RoleSnapshot | None:
        """The role as it is now (position, managed), None when the guild has no such role (deleted)."""

    async def delete_messages(self, channel_id: int, message_ids: list[int], *, reason: str | None) -> None:
        """At most 100 ids from one channel: one bulk call (a single DELETE for one id)."""

    async def purge(self, channel_id: int, which: PurgeFilter, *, reason: str | None) -> int: ...
    async def set_slowmode(self, channel_id: int, seconds: int, *, reason: str | None) -> None: ...
    async def set_locked(self, channel_id: int, locked: bool, *, reason: str | None) -> None: ...
    async def post(self, channel_id: int, text: str) -> None: ...
    async def is_banned(self, guild_id: int, user_id: int) -> bool: ...
    async def member_state(self, guild_id: int, user_id: int) -> MemberState | None:
        """None: not a member of the guild (left, kicked, banned)."""

    async def direct_message(self, user_id: int, text: str) -> bool: ...
    async def direct_message_file(self, user_id: int, text: str, filename: str, data: bytes) -> bool:
        """False when the member's DMs are closed to the bot."""


class LogPoster(Protocol):
    """Where the event logs post: a channel, with files, pinging nobody; and the files of a deleted message."""

    async def post_log(self, channel_id: int, text: str, files: list[tuple[str, bytes]]) -> None: ...
    async def download(self, url: str, limit: int) -> bytes | None:
        """The file at a Discord attachment url, None when it is gone or larger than `limit` bytes."""
