"""A running double seeded with one guild, and real discord.py clients connected to it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
import pytest_asyncio

from aegis.double import Application, Channel, DiscordDouble, Guild, Member, Permission, Role, User
from aegis.double.discordpy import discord_py_pointed_at

TOKEN = "aegis-test-token"
MODERATION = (
    Permission.BAN_MEMBERS
    | Permission.KICK_MEMBERS
    | Permission.MODERATE_MEMBERS
    | Permission.MANAGE_ROLES
    | Permission.MANAGE_MESSAGES
    | Permission.MANAGE_CHANNELS
    | Permission.MANAGE_NICKNAMES
)


@dataclass
class World:
    double: DiscordDouble
    app: Application
    bot: User
    owner: User
    guild: Guild
    general: Channel
    bot_role: Role
    moderator_role: Role
    muted_role: Role
    admin_role: Role
    alice: User
    bob: User
    moderator: User
    admin: User

    def member(self, user: User) -> Member:
        return self.guild.members[user.id]


@pytest_asyncio.fixture
async def double() -> AsyncIterator[DiscordDouble]:
    double = await DiscordDouble(heartbeat_interval=5).start()
    try:
        with discord_py_pointed_at(double.api_url, double.gateway_url):
            yield double
    finally:
        await double.stop()


@pytest.fixture
def world(double: DiscordDouble) -> World:
    """Roles from the top: admin (10) > Aegis (5) > moderator (3) > muted (1) > @everyone (0)."""
    app = double.add_bot(TOKEN, "Aegis")
    bot = double.state.users[app.bot_user_id]
    owner = double.add_user("owner")
    guild = double.add_guild("Aegis Test", owner)
    admin_role = double.add_role(guild, "admin", Permission.ADMINISTRATOR, position=10)
    bot_role = double.add_role(guild, "Aegis", MODERATION, position=5)
    moderator_role = double.add_role(
        guild, "moderator", Permission.BAN_MEMBERS | Permission.MANAGE_MESSAGES, position=3
    )
    muted_role = double.add_role(guild, "muted", 0, position=1)
    double.add_member(guild, bot, [bot_role])
    alice, bob = double.add_user("alice"), double.add_user("bob")
    moderator, admin = double.add_user("mod"), double.add_user("admin")
    for user in (alice, bob):
        double.add_member(guild, user)
    double.add_member(guild, moderator, [moderator_role])
    double.add_member(guild, admin, [admin_role])
    general = double.add_channel(guild, "general")
    return World(
        double,
        app,
        bot,
        owner,
        guild,
        general,
        bot_role,
        moderator_role,
        muted_role,
        admin_role,
        alice,
        bob,
        moderator,
        admin,
    )


@contextlib.asynccontextmanager
async def running(client: discord.Client, token: str = TOKEN) -> AsyncIterator[discord.Client]:
    """Start `client` against the double and wait for READY (guilds and members cached)."""
    task = asyncio.create_task(client.start(token))
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # re-raises LoginFailure, PrivilegedIntentsRequired, ...
        assert ready in done, "the client never became ready"
        ready.result()
        yield client
    finally:
        ready.cancel()
        await client.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, timeout=5)


def make_client(intents: discord.Intents | None = None, cls: type[discord.Client] = discord.Client) -> discord.Client:
    # guild_ready_timeout: the double sends every GUILD_CREATE right after READY, no need to wait 2 s.
    return cls(intents=intents or discord.Intents.all(), guild_ready_timeout=0.05)


@pytest.fixture
def connect(world: World):
    """`async with connect(intents, token=..., cls=...) as client:` a ready discord.py client."""

    def connect(
        intents: discord.Intents | None = None, *, token: str = TOKEN, cls: type[discord.Client] = discord.Client
    ):
        return running(make_client(intents, cls), token)

    return connect


@pytest_asyncio.fixture
async def client(world: World) -> AsyncIterator[discord.Client]:
    async with running(make_client()) as client:
        yield client
