"""A seeded community for the demo: a server with an owner, moderators, members, channels and roles.

Roles from the top: admin (10) > Aegis (5) > moderator (3) > member (1) > @everyone, so the bot outranks
every member it may act on and moderators outrank members.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from aegis.double.double import DiscordDouble
from aegis.double.world.models import Channel, Guild, Member, Role, User
from aegis.double.world.permissions import Permission
from aegis.double.world.snowflakes import utcnow

BOT_POWERS = (
    Permission.BAN_MEMBERS
    | Permission.KICK_MEMBERS
    | Permission.MODERATE_MEMBERS
    | Permission.MANAGE_ROLES
    | Permission.MANAGE_MESSAGES
    | Permission.MANAGE_CHANNELS
    | Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.READ_MESSAGE_HISTORY
)
MOD_POWERS = Permission.BAN_MEMBERS | Permission.KICK_MEMBERS | Permission.MODERATE_MEMBERS | Permission.MANAGE_MESSAGES
OWNER = "ada"
MODERATORS = ("mika", "noor")
MEMBERS = ("alice", "bob", "carol", "dave", "erin", "eve", "frank")
CHANNELS = ("welcome", "general", "random", "mod-log")
OLD_ACCOUNT = timedelta(days=400)  # the regulars have had their accounts for a while; newcomers have not


@dataclass
class Community:
    double: DiscordDouble
    guild: Guild
    bot: User
    channels: dict[str, Channel]
    roles: dict[str, Role]
    people: dict[str, User] = field(default_factory=dict)  # by username, newcomers included

    @property
    def general(self) -> Channel:
        return self.channels["general"]

    @property
    def mod_log(self) -> Channel:
        return self.channels["mod-log"]

    def user(self, name: str) -> User:
        return self.people[name.removeprefix("@").lower()]

    def member(self, name: str) -> Member | None:
        return self.guild.members.get(self.user(name).id)

    def channel(self, name: str) -> Channel:
        return self.channels[name.removeprefix("#").lower()]

    def name_of(self, user_id: int) -> str:
        user = self.double.state.users.get(user_id)
        return user.username if user else str(user_id)

    def newcomer(self, name: str) -> User:
        """A brand-new account (created now), not yet a member: join it with `double.member_join`."""
        user = self.people[name] = self.double.add_user(name)
        return user

    @property
    def moderators(self) -> list[str]:
        return [name for name in self.people if self._has_role(name, "moderator")]

    @property
    def members(self) -> list[str]:
        """Everyone in the server who is a person, owner and moderators included, in seeding order."""
        return [name for name, user in self.people.items() if user.id in self.guild.members and not user.bot]

    def _has_role(self, name: str, role: str) -> bool:
        member = self.member(name)
        return member is not None and self.roles[role].id in member.roles


def seed_community(double: DiscordDouble, token: str, name: str = "Aegis Demo") -> Community:
    application = double.add_bot(token, "Aegis")
    bot = double.state.users[application.bot_user_id]
    owner = double.add_user(OWNER, created_at=utcnow() - OLD_ACCOUNT)
    guild = double.add_guild(name, owner)
    roles = {
        "admin": double.add_role(guild, "admin", Permission.ADMINISTRATOR, position=10),
        "Aegis": double.add_role(guild, "Aegis", BOT_POWERS, position=5),
        "moderator": double.add_role(guild, "moderator", MOD_POWERS, position=3),
        "member": double.add_role(guild, "member", position=1),
    }
    double.add_member(guild, bot, [roles["Aegis"]])
    community = Community(double, guild, bot, {}, roles, {OWNER: owner})
    double.add_member(guild, owner, [roles["admin"]])
    for person in MODERATORS:
        community.people[person] = double.add_user(person, created_at=utcnow() - OLD_ACCOUNT)
        double.add_member(guild, community.people[person], [roles["moderator"], roles["member"]])
    for person in MEMBERS:
        community.people[person] = double.add_user(person, created_at=utcnow() - OLD_ACCOUNT)
        double.add_member(guild, community.people[person], [roles["member"]])
    for channel in CHANNELS:
        community.channels[channel] = double.add_channel(guild, channel)
    return community
