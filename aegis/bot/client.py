"""The running bot: discord.py client, command tree, expiry scheduler and heartbeat, wired together."""

import asyncio
import gc
import logging
import os
import socket
from datetime import timedelta
from functools import partial

import discord
from discord import app_commands

from aegis import __version__, clock
from aegis.bot.automod_events import AutomodListener
from aegis.bot.commands import register
from aegis.bot.gateway_adapter import DiscordPyGateway
from aegis.bot.rejoin import reapply_mute
from aegis.bot.roster import RosterListener
from aegis.config import Config
from aegis.domain.records import BotHeartbeat
from aegis.services.automod import AutomodEngine
from aegis.services.automod.service import AutomodService
from aegis.services.automod.settings_source import AutomodSettingsSource, keep_fresh
from aegis.services.backup.scheduled import ScheduledBackups
from aegis.services.dbcall import db_call
from aegis.services.moderation.expiries import ExpiryScheduler
from aegis.services.moderation.service import ModerationService
from aegis.services.raids.service import RaidService
from aegis.services.ratelimit import FallbackRateLimiter, MemoryRateLimiter, RateLimiter, RedisRateLimiter
from aegis.services.ratelimit.pacing import Pacer, limiter_hit
from aegis.services.ratelimit.publisher import LimiterPublisher
from aegis.services.settings.bus import settings_bus_for
from aegis.storage import retention

log = logging.getLogger("aegis.bot")
HEARTBEAT_EVERY = 10.0
RATE_LIMITS_EVERY = 2.0  # the console's rate-limit view is live; a heartbeat apart would be too stale
PRUNE_EVERY = timedelta(days=1)
COUNTERS_EVERY = 5.0


def intents() -> discord.Intents:
    """Only what Aegis uses. members and message_content are privileged: enable them in the developer portal."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.members = True  # joins, and the member cache the hierarchy checks read
    wanted.moderation = True  # ban and unban events
    wanted.guild_messages = True
    wanted.message_content = True  # automod reads what members write
    return wanted


def make_limiter(config: Config) -> RateLimiter:
    if config.redis.url:
        return FallbackRateLimiter(RedisRateLimiter.from_url(config.redis.url), MemoryRateLimiter())
    return MemoryRateLimiter()


def shard_of(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % shard_count


class AegisTree(app_commands.CommandTree):
    """Ignores a replayed interaction (a resumed gateway may deliver one twice); keeps members to the server's
    `commands` bucket."""

    def __init__(self, client, limiter: RateLimiter, settings: AutomodSettingsSource):
        super().__init__(client)
        self.limiter = limiter
        self.settings = settings
        self._seen: dict[int, None] = {}

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.id in self._seen:
            return False
        self._seen[interaction.id] = None
        if len(self._seen) > 4096:
            self._seen.pop(next(iter(self._seen)))
        if interaction.type is discord.InteractionType.autocomplete:
            return True  # typing in an option is not running a command, and cannot be answered with a message
        guild_id = interaction.guild_id or 0
        if guild_id and not self.settings.loaded(guild_id):
            await self.settings.load_or_defaults(guild_id)  # once per guild and process; then a dictionary lookup
        spec = self.settings.bucket(guild_id, "commands")
        key = spec.key(guild_id, interaction.user.id)
        decision = await limiter_hit(self.limiter, "commands", key, spec)
        if not decision.allowed:
            wait = max(1, round(decision.retry_after + 0.49))
            await interaction.response.send_message(
                f"⏳ You are using commands faster than I can take them; try again in {wait} s.", ephemeral=True
            )
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.CheckFailure):
            return
        log.error(
            "command=%s guild=%s failed",
            getattr(interaction.command, "name", "?"),
            interaction.guild_id,
            exc_info=error,
        )
        text = "⛔ Something went wrong on my side; it is in the bot's log. Nothing was changed unless a case says so."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            pass


class AegisBot(discord.AutoShardedClient):
    def __init__(
        self, config: Config, *, shard_ids: list[int] | None = None, shard_count: int | None = None, **discord_options
    ):
        super().__init__(
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            shard_ids=shard_ids,
            shard_count=shard_count or 1,
            **discord_options,
        )
        self.config = config
        self.limiter = make_limiter(config)
        self.automod_settings = AutomodSettingsSource()
        self.settings_bus = settings_bus_for(config.redis.url)
        self.tree = AegisTree(self, self.limiter, self.automod_settings)
        self.moderation = ModerationService(DiscordPyGateway(self))
        self.automod = AutomodService(
            self.moderation, Pacer(self.limiter, spec_for=partial(self.automod_settings.bucket, name="automod_actions"))
        )
        self.raids = RaidService(
            self.moderation,
            self.automod.pacer,
            self.limiter,
            self.automod_settings,
            joins_spec_for=partial(self.automod_settings.bucket, name="joins"),
            owns_guild=lambda gid: not shard_ids or shard_of(gid, self.shard_count) in shard_ids,
        )
        self.automod_events = AutomodListener(
            AutomodEngine(self.automod_settings.cache), self.automod, self.automod_settings, self.raids
        )
        owned = set(shard_ids) if shard_ids else None
        self.expiries = ExpiryScheduler(
            self.moderation.run_expiry,
            self.moderation.expiry_gave_up,
            owns_guild=(lambda gid: shard_of(gid, self.shard_count) in owned) if owned else (lambda _: True),
        )
        self.moderation.scheduler = self.expiries
        self.instance_id = f"{socket.gethostname()}:{os.getpid()}"
        self.started_at = clock.now()
        self.limiter_publisher = LimiterPublisher(self.limiter, self.instance_id)
        self._tasks: list[asyncio.Task] = []
        self.roster = RosterListener()
        register(self.tree, self.moderation, self.settings_bus, self.raids)

    async def setup_hook(self) -> None:
        synced = await self.tree.sync()
        log.info("commands synced count=%d", len(synced))
        await self.expiries.start()
        self.settings_bus.subscribe(self.automod_settings.invalidate)
        await self.settings_bus.start()
        self._tasks = [
            asyncio.create_task(self._heartbeat(), name="aegis-heartbeat"),
            asyncio.create_task(self._publish_rate_limits(), name="aegis-rate-limits"),
            asyncio.create_task(self._prune_daily(), name="aegis-retention"),
            asyncio.create_task(self._flush_counters(), name="aegis-counters"),
            asyncio.create_task(keep_fresh(self.automod_settings, self.settings_bus), name="aegis-settings"),
            asyncio.create_task(self.raids.run_sync(), name="aegis-raids"),
        ]
        backups = ScheduledBackups(self.config)
        if backups.enabled:
            self._tasks.append(asyncio.create_task(backups.run_forever(), name="aegis-backups"))
            log.info(
                "scheduled backups every=%sh dir=%s keep=%d",
                self.config.backup.interval_hours,
                backups.directory,
                backups.keep,
            )

    async def on_ready(self) -> None:
        # What start-up built lives as long as the process: out of the collector's way, so the collections
        # that every message's garbage triggers do not walk it again and again.
        gc.freeze()
        log.info("ready user=%s guilds=%d shards=%s", self.user, len(self.guilds), sorted(self.shards))

    def dispatch(self, event: str, /, *args, **kwargs) -> None:
        # Messages are the hot path: automod runs synchronously here rather than in a task per message
        # (what an `on_message` coroutine would cost); anything else discord.py dispatches as usual.
        if event == "message":
            self.automod_events.message(args[0])
        self.roster.dispatch(event, *args)
        super().dispatch(event, *args, **kwargs)

    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        if before.content != after.content:
            self.automod_events.message(after, is_edit=True)

    async def on_member_join(self, member: discord.Member) -> None:
        self.automod_events.join(member)
        await reapply_mute(self.moderation, member)

    async def close(self) -> None:
        log.info("stopping: no new work; letting running expiries finish")
        for task in self._tasks:
            task.cancel()
        await self.expiries.stop()
        await self.automod_events.drain()
        await self.roster.drain()
        await self.raids.stop()
        await self.automod.flush_counters()
        await self.settings_bus.stop()
        try:
            await db_call(self.limiter_publisher.stopped)
        except Exception:
            log.exception("could not mark the heartbeat stopped; the console will show this bot silent")
        await super().close()

    async def _heartbeat(self) -> None:
        while True:
            latency = self.latency * 1000 if self.latency == self.latency and self.latency != float("inf") else None
            beat = BotHeartbeat(
                self.instance_id,
                socket.gethostname(),
                os.getpid(),
                tuple(sorted(self.shards) or [0]),
                self.shard_count,
                __version__,
                self.started_at,
                clock.now(),
                latency,
            )
            try:
                await db_call(self.limiter_publisher.beat, beat)  # with the in-process limiter's busiest buckets
            except Exception:
                log.exception("heartbeat write failed; will try again")
            await asyncio.sleep(HEARTBEAT_EVERY)

    async def _publish_rate_limits(self) -> None:
        while True:
            await asyncio.sleep(RATE_LIMITS_EVERY)
            try:
                await db_call(self.limiter_publisher.publish)
            except Exception:
                log.exception("publishing the rate limiter's state failed; will try again")

    async def _flush_counters(self) -> None:
        while True:
            await asyncio.sleep(COUNTERS_EVERY)
            await self.automod.flush_counters()

    async def _prune_daily(self) -> None:
        keep = self.config.retention
        while True:
            try:
                done = await db_call(retention.prune, clock.now(), keep.audit_days, keep.automod_days)
                log.info("retention pruned audit=%d automod=%d", done.audit_entries, done.automod_events)
            except Exception:
                log.exception("retention prune failed; will try again tomorrow")
            await asyncio.sleep(PRUNE_EVERY.total_seconds())
