"""Server changes people make in the Discord client that the bot's event logs hear about: roles and channels
created or deleted, voice channels joined, left or switched, invites made, usernames changed. Each changes the
state, then dispatches the gateway event Discord would send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aegis.double.events import payloads
from aegis.double.gateway.hub_types import Dispatch
from aegis.double.world.models import Channel, ChannelType, Guild, Member, Role, User
from aegis.double.world.snowflakes import iso, utcnow
from aegis.double.world.state import DoubleState


@dataclass
class Invite:
    code: str
    guild_id: int
    channel_id: int
    inviter_id: int
    max_age: int
    max_uses: int


class GuildEvents:
    def __init__(self, state: DoubleState, dispatch: Dispatch) -> None:
        self.state, self.dispatch = state, dispatch
        self.voice: dict[tuple[int, int], int] = {}  # (guild, user) → the voice channel they are in

    def create_role(self, guild: Guild, name: str, permissions: int = 0) -> Role:
        role = self.state.add_role(guild, name, permissions)
        self.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": payloads.role(role)}, guild_id=guild.id)
        return role

    def delete_role(self, guild: Guild, role: Role) -> None:
        del guild.roles[role.id]
        for member in guild.members.values():
            if role.id in member.roles:
                member.roles.remove(role.id)
        self.dispatch("GUILD_ROLE_DELETE", {"guild_id": str(guild.id), "role_id": str(role.id)}, guild_id=guild.id)

    def create_channel(self, guild: Guild, name: str, channel_type: int = ChannelType.GUILD_TEXT) -> Channel:
        channel = self.state.add_channel(guild, name, channel_type=channel_type)
        self.dispatch("CHANNEL_CREATE", payloads.channel(self.state, channel), guild_id=guild.id)
        return channel

    def delete_channel(self, guild: Guild, channel: Channel) -> None:
        data = payloads.channel(self.state, channel)
        guild.channel_ids.remove(channel.id)
        del self.state.channels[channel.id]
        self.dispatch("CHANNEL_DELETE", data, guild_id=guild.id)

    def set_voice(self, guild: Guild, user: User, channel: Channel | None) -> None:
        """The member joins `channel`, moves to it, or (None) leaves voice."""
        key = (guild.id, user.id)
        if channel is None:
            self.voice.pop(key, None)
        else:
            self.voice[key] = channel.id
        self.dispatch("VOICE_STATE_UPDATE", self.voice_state(guild.members[user.id], channel), guild_id=guild.id)

    def voice_state(self, member: Member, channel: Channel | None) -> dict[str, Any]:
        return {
            "guild_id": str(member.guild_id),
            "channel_id": None if channel is None else str(channel.id),
            "user_id": str(member.user_id),
            "member": payloads.member(self.state, member),
            "session_id": f"voice-{member.user_id}",
            "deaf": False,
            "mute": False,
            "self_deaf": False,
            "self_mute": False,
            "self_stream": False,
            "self_video": False,
            "suppress": False,
            "request_to_speak_timestamp": None,
        }

    def create_invite(self, channel: Channel, inviter: User, *, max_age: int = 86400, max_uses: int = 0) -> Invite:
        invite = Invite(
            f"inv{self.state.ids.next() % 10**8}", channel.guild_id, channel.id, inviter.id, max_age, max_uses
        )
        created = utcnow()
        data = {
            "channel_id": str(channel.id),
            "code": invite.code,
            "created_at": iso(created),
            "expires_at": iso(created + timedelta(seconds=max_age)) if max_age else None,
            "guild_id": str(channel.guild_id),
            "inviter": payloads.user(inviter),
            "max_age": max_age,
            "max_uses": max_uses,
            "temporary": False,
            "uses": 0,
        }
        self.dispatch("INVITE_CREATE", data, guild_id=channel.guild_id)
        return invite

    def rename_user(self, user: User, username: str) -> None:
        """A new username: Discord tells every guild the user is in with a member update."""
        user.username = username
        for guild in self.state.guilds.values():
            if user.id in guild.members:
                data = payloads.member_event(self.state, guild.members[user.id])
                self.dispatch("GUILD_MEMBER_UPDATE", data, guild_id=guild.id)
