"""`aegis run`: checks that can fail with one clear line come first; then the bot runs until a signal."""

import asyncio
import logging
import signal

import aiohttp
import discord

from aegis.bot.client import AegisBot
from aegis.bot.endpoints import point_discord_py_at
from aegis.bot.failures import stop_reason
from aegis.config import Config
from aegis.domain.permissions import invite_url
from aegis.errors import AegisError
from aegis.storage import migrations
from aegis.storage.database import connect
from aegis.storage.querylog import log_query_times

log = logging.getLogger("aegis.run")
PORTAL = "https://discord.com/developers/applications"


def prepare(config: Config, *, migrate: bool):
    """Database reachable and at the current schema, token present: or an AegisError saying what to do."""
    if not config.discord.token:
        raise AegisError(
            f"no Discord bot token: set AEGIS_DISCORD_TOKEN (or [discord] token in aegis.toml); "
            f"get one at {PORTAL} → your app → Bot → Reset Token"
        )
    db = connect(config.database.url)
    state = migrations.status(db)
    if state.unknown:
        raise AegisError(
            f"the database has migrations this Aegis does not know ({', '.join(state.unknown)}): upgrade Aegis"
        )
    if state.pending and not migrate:
        raise AegisError(
            f"{len(state.pending)} migration(s) pending ({', '.join(state.pending)}): run `aegis db migrate` "
            "first, or start with `aegis run --migrate`"
        )
    if state.pending:
        log.info("migrations applied names=%s", ",".join(migrations.apply(db)))
    return db


def run(config: Config, *, migrate: bool, shard_ids: list[int] | None, shard_count: int | str | None) -> None:
    db = prepare(config, migrate=migrate)
    log_query_times(db)  # at DEBUG only
    point_discord_py_at(config.discord)
    try:
        asyncio.run(_serve(config, shard_ids, shard_count))
    finally:
        db.close()


async def _serve(config: Config, shard_ids, shard_count) -> None:
    bot = AegisBot(config, shard_ids=shard_ids, shard_count=shard_count)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda s=sig: _stop(bot, s))
    log.info(
        "starting api=%s gateway=%s shards=%s/%s",
        config.discord.api_url,
        config.discord.gateway_url,
        shard_ids or "all",
        shard_count or 1,
    )
    try:
        async with bot:
            await bot.login(config.discord.token.reveal())  # asks Discord for the application: its id is known now
            log.info("invite url=%s", invite_url(bot.application_id))
            await bot.connect()
    except discord.LoginFailure:
        raise AegisError(
            f"Discord rejected the bot token (401): copy a fresh one from {PORTAL} → Bot into AEGIS_DISCORD_TOKEN"
        ) from None
    except discord.PrivilegedIntentsRequired:
        raise AegisError(
            f"Discord refused the privileged intents (gateway close 4014): at {PORTAL} → your app → Bot, "
            "turn on SERVER MEMBERS INTENT and MESSAGE CONTENT INTENT, then start again"
        ) from None
    except (aiohttp.ClientConnectionError, OSError) as exc:
        raise AegisError(
            f"cannot reach Discord at {config.discord.api_url}: {exc}; check the network or AEGIS_DISCORD_API_URL"
        ) from None
    except AegisError:
        raise
    except discord.ConnectionClosed as exc:  # a close code discord.py does not reconnect after: the code says why
        raise AegisError(stop_reason(exc)) from None
    except Exception as exc:  # whatever ends the bot ends it with a line that says what
        log.error("the bot stopped: %s", exc, exc_info=exc)
        raise AegisError(stop_reason(exc)) from None
    if not bot.stop_requested:
        raise AegisError(
            "the connection to Discord ended though nothing asked Aegis to stop (the log above has Discord's last "
            "words); start it again"
        )
    log.info("stopped cleanly")


def _stop(bot: AegisBot, sig: signal.Signals) -> None:
    log.info("signal=%s received: shutting down", sig.name)
    bot.stop_requested = True
    asyncio.ensure_future(bot.close())
