"""A Discord stand-in with real state for service tests (the end-to-end tests use the full Discord double)."""

from dataclasses import dataclass, field
from datetime import datetime

from aegis.services.moderation.checks import RoleSnapshot
from aegis.services.ports import DiscordCallFailed, MemberState, PurgeFilter


@dataclass
class FakeGuildState:
    bans: dict[int, str | None] = field(default_factory=dict)
    timeouts: dict[int, datetime | None] = field(default_factory=dict)
    kicked: list[int] = field(default_factory=list)
    roles: dict[int, set[int]] = field(default_factory=dict)  # user -> role ids given (or kept) through Aegis
    guild_roles: dict[int, RoleSnapshot] = field(default_factory=dict)  # the roles the guild has
    members: set[int] | None = None  # who is in the guild; None: anyone asked about is
    posts: list[tuple[int, str]] = field(default_factory=list)
    dms: list[tuple[int, str]] = field(default_factory=list)
    closed_dms: set[int] = field(default_factory=set)
    slowmode: dict[int, int] = field(default_factory=dict)
    locked: dict[int, bool] = field(default_factory=dict)
    deleted: list[tuple[int, tuple[int, ...], str | None]] = field(default_factory=list)  # (channel, ids, reason)
    fail: dict[str, list[DiscordCallFailed]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)


class FakeGateway:
    def __init__(self):
        self.state = FakeGuildState()
        self.purge_stops_after: int | None = None

    def fail_next(self, call: str, status: int, text: str = "Missing Permissions", times: int = 1):
        self.state.fail.setdefault(call, []).extend(DiscordCallFailed(status, 50013, text) for _ in range(times))

    def _maybe_fail(self, call: str):
        self.state.calls.append(call)
        if self.state.fail.get(call):
            raise self.state.fail[call].pop(0)

    async def ban(self, guild_id, user_id, *, reason, delete_message_seconds):
        self._maybe_fail("ban")
        self.state.bans[user_id] = reason

    async def unban(self, guild_id, user_id, *, reason):
        self._maybe_fail("unban")
        if user_id not in self.state.bans:
            raise DiscordCallFailed(404, 10026, "Unknown Ban")
        del self.state.bans[user_id]

    async def kick(self, guild_id, user_id, *, reason):
        self._maybe_fail("kick")
        self.state.kicked.append(user_id)

    async def timeout(self, guild_id, user_id, until, *, reason):
        self._maybe_fail("timeout")
        self.state.timeouts[user_id] = until

    async def add_role(self, guild_id, user_id, role_id, *, reason):
        self._maybe_fail("add_role")
        self._check_member(user_id)
        self.state.roles.setdefault(user_id, set()).add(role_id)

    async def remove_role(self, guild_id, user_id, role_id, *, reason):
        self._maybe_fail("remove_role")
        self._check_member(user_id)
        self.state.roles.setdefault(user_id, set()).discard(role_id)

    def _read(self, call: str):  # reads fail on demand but are not among the calls that change things
        if self.state.fail.get(call):
            raise self.state.fail[call].pop(0)

    def _check_member(self, user_id):
        if self.state.members is not None and user_id not in self.state.members:
            raise DiscordCallFailed(404, 10007, "Unknown Member")

    async def role(self, guild_id, role_id):
        if self.state.fail.get("role"):  # a read: it fails on demand but is not one of the calls that change things
            raise self.state.fail["role"].pop(0)
        return self.state.guild_roles.get(role_id)

    async def delete_messages(self, channel_id, message_ids, *, reason):
        self._maybe_fail("delete_messages")
        assert 1 <= len(message_ids) <= 100, "Discord bulk-deletes 2 to 100 ids (one id is a single DELETE)"
        self.state.deleted.append((channel_id, tuple(message_ids), reason))

    async def purge(self, channel_id, which: PurgeFilter, *, reason):
        self._maybe_fail("purge")
        if self.purge_stops_after is not None:  # a later bulk delete refused, after some went
            raise DiscordCallFailed(403, 50013, "Missing Permissions", {"deleted": self.purge_stops_after})
        return which.count

    async def set_slowmode(self, channel_id, seconds, *, reason):
        self._maybe_fail("slowmode")
        self.state.slowmode[channel_id] = seconds

    async def set_locked(self, channel_id, locked, *, reason):
        self._maybe_fail("lock")
        self.state.locked[channel_id] = locked

    async def post(self, channel_id, text):
        self._maybe_fail("post")
        self.state.posts.append((channel_id, text))

    async def is_banned(self, guild_id, user_id):
        self._read("is_banned")
        return user_id in self.state.bans

    async def member_state(self, guild_id, user_id):
        self._read("member_state")
        if user_id in self.state.bans or user_id in self.state.kicked:
            return None
        if self.state.members is not None and user_id not in self.state.members:
            return None
        return MemberState(self.state.timeouts.get(user_id), frozenset(self.state.roles.get(user_id, ())))

    async def direct_message(self, user_id, text):
        if user_id in self.state.closed_dms:
            return False
        self.state.dms.append((user_id, text))
        return True
