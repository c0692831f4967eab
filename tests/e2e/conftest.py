"""The real bot against the local Discord double, on whichever database the suite runs on."""

import asyncio
import gc
from dataclasses import dataclass

import pytest_asyncio

from aegis.bot.client import AegisBot
from aegis.config import load_config
from aegis.domain.actors import OPERATOR
from aegis.domain.guilds import GuildSettings
from aegis.double import Channel, DiscordDouble, Guild, Permission, User
from aegis.double.discordpy import discord_py_pointed_at
from aegis.services.logs.cipher import ContentCipher
from aegis.storage import guilds

TOKEN = "aegis-e2e-token"
BOT_POWERS = (
    Permission.BAN_MEMBERS
    | Permission.KICK_MEMBERS
    | Permission.MODERATE_MEMBERS
    | Permission.MANAGE_ROLES
    | Permission.MANAGE_MESSAGES
    | Permission.MANAGE_CHANNELS
    | Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.VIEW_AUDIT_LOG  # moderation done in Discord's UI is recorded with who did it
)
MOD_POWERS = Permission.BAN_MEMBERS | Permission.KICK_MEMBERS | Permission.MODERATE_MEMBERS | Permission.MANAGE_MESSAGES


@dataclass
class Server:
    double: DiscordDouble
    guild: Guild
    general: Channel
    mod_log: Channel
    moderator: User
    admin: User
    alice: User
    bob: User


def seed(double: DiscordDouble) -> Server:
    """Roles from the top: admin (10) > Aegis (5) > moderator (3) > @everyone."""
    app = double.add_bot(TOKEN, "Aegis")
    owner = double.add_user("owner")
    guild = double.add_guild("Aegis Test", owner)
    admin_role = double.add_role(guild, "admin", Permission.ADMINISTRATOR, position=10)
    bot_role = double.add_role(guild, "Aegis", BOT_POWERS, position=5)
    mod_role = double.add_role(guild, "moderator", MOD_POWERS, position=3)
    double.add_member(guild, double.state.users[app.bot_user_id], [bot_role])
    moderator, admin, alice, bob = (double.add_user(n) for n in ("mod", "admin", "alice", "bob"))
    double.add_member(guild, moderator, [mod_role])
    double.add_member(guild, admin, [admin_role])
    double.add_member(guild, alice)
    double.add_member(guild, bob)
    general, mod_log = double.add_channel(guild, "general"), double.add_channel(guild, "mod-log")
    return Server(double, guild, general, mod_log, moderator, admin, alice, bob)


def bot_environment(double: DiscordDouble, database_url: str) -> dict[str, str]:
    return {
        "AEGIS_DISCORD_TOKEN": TOKEN,
        "AEGIS_DISCORD_API_URL": double.api_url,
        "AEGIS_DISCORD_GATEWAY_URL": double.gateway_url,
        "AEGIS_DATABASE_URL": database_url,
    }


@pytest_asyncio.fixture
async def server(db):
    double = await DiscordDouble(heartbeat_interval=5).start()
    try:
        with discord_py_pointed_at(double.api_url, double.gateway_url):
            yield seed(double)
    finally:
        await double.stop()


@pytest_asyncio.fixture
async def bot(server, database_url, tmp_path):
    # These tests type faster than a moderator: the server's commands bucket is wide (see test_automod_config).
    guilds.save_settings(
        GuildSettings(
            server.guild.id,
            mod_log_channel_id=server.mod_log.id,
            rate_limits={"commands": {"limit": 1000, "window_s": 1}},
        ),
        OPERATOR,
    )
    config = load_config("absent.toml", env=bot_environment(server.double, database_url), must_exist=False)
    client = AegisBot(config, guild_ready_timeout=0.05, content_cipher=ContentCipher.beside(tmp_path))
    runner = asyncio.create_task(client.start(TOKEN))
    await asyncio.wait_for(client.wait_until_ready(), 10)
    yield client
    await client.close()
    await asyncio.wait_for(runner, 10)
    release_frozen()


def release_frozen() -> None:
    """The bot froze everything alive when it was ready (AegisBot.on_ready's gc.freeze), this test's database with
    its worker threads' connections included: let it go, or every bot test keeps a few Postgres connections open
    until the run ends, and a full run on Postgres runs out of them."""
    gc.unfreeze()
    gc.collect()
