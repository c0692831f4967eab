"""The running bot: discord.py client, command tree, expiry scheduler and heartbeat, wired together."""

import asyncio
import gc
import logging
import os
import socket
from datetime import timedelta
from functools import partial

import discord

from aegis import __version__, clock
from aegis.bot.commands import register
from aegis.bot.commands.tree import AegisTree
from aegis.bot.community.gateway import CommunityDiscordGateway, member_now
from aegis.bot.community.presses import on_press
from aegis.bot.events.audit_events import DiscordActionEvents
from aegis.bot.events.automod_events import AutomodListener, Standings
from aegis.bot.events.log_events import LogListener
from aegis.bot.events.rejoin import reapply_mute
from aegis.bot.events.roster import RosterListener
from aegis.bot.failures import guard_parsers, supervised, sync_refusal
from aegis.bot.instruments import count_gateway_events, observe_rest
from aegis.bot.invalid_requests import MassWorkHold, counting_trace
from aegis.bot.ops_http import serve_operations
from aegis.config import Config
from aegis.domain.moderation.schedule import ScheduledAction, ScheduleKind
from aegis.domain.records import BotHeartbeat
from aegis.errors import AegisError
from aegis.services.automod import AutomodEngine
from aegis.services.automod.service import AutomodService
from aegis.services.automod.settings_source import AutomodSettingsSource, keep_fresh
from aegis.services.backup.scheduled import ScheduledBackups
from aegis.services.community.announcements import Announcer
from aegis.services.community.autoroles import AutoroleGiver
from aegis.services.community.gave_up import tell_mod_log
from aegis.services.community.welcome import Arrival, Greeter
from aegis.services.data import retention
from aegis.services.dbcall import db_call
from aegis.services.logs.cipher import ContentCipher
from aegis.services.moderation.expiries import ExpiryScheduler
from aegis.services.moderation.external import ExternalActions
from aegis.services.moderation.service import ModerationService
from aegis.services.observability.actions import observe
from aegis.services.raids.service import RaidService
from aegis.services.ratelimit import FallbackRateLimiter, MemoryRateLimiter, RateLimiter, RedisRateLimiter
from aegis.services.ratelimit.invalid_requests import InvalidRequestBudget
from aegis.services.ratelimit.pacing import Pacer
from aegis.services.ratelimit.publisher import LimiterPublisher
from aegis.services.settings.bus import settings_bus_for

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
    wanted.voice_states = True  # the voice log
    wanted.invites = True  # the invite log
    return wanted


def make_limiter(config: Config) -> RateLimiter:
    if config.redis.url:
        shared = RedisRateLimiter.from_url(config.redis.url, prefix=config.redis.rate_limit_prefix)
        return FallbackRateLimiter(shared, MemoryRateLimiter())
    return MemoryRateLimiter()


def shard_of(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % shard_count


def arrival(guild: discord.Guild, user: discord.abc.User) -> Arrival:
    return Arrival(guild.id, guild.name, user.id, user.name, guild.member_count or len(guild.members))


class AegisBot(discord.AutoShardedClient):
    def __init__(
        self,
        config: Config,
        *,
        shard_ids: list[int] | None = None,
        shard_count: int | str | None = None,
        content_cipher: ContentCipher | None = None,
        **discord_options,
    ):
        self.invalid_requests = InvalidRequestBudget(config.discord.invalid_requests_pause_at)
        trace = counting_trace(self.invalid_requests)
        super().__init__(
            http_trace=observe_rest(trace) if config.metrics.listen else trace,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            shard_ids=shard_ids,
            shard_count=None if shard_count == "auto" else shard_count or 1,  # None: discord.py asks /gateway/bot
            **discord_options,
        )
        guard_parsers(self._connection.parsers)
        if config.metrics.listen:  # counted only where someone scrapes them: the gateway path is the hot one
            count_gateway_events(self._connection.parsers)
        self.config = config
        self.limiter = make_limiter(config)
        self.automod_settings = AutomodSettingsSource()
        self.settings_bus = settings_bus_for(config.redis.url, config.redis.settings_channel)
        self.tree = AegisTree(self, self.limiter, self.automod_settings)
        gateway = CommunityDiscordGateway(self)
        hold = MassWorkHold(self.invalid_requests, gateway)
        self.moderation = ModerationService(gateway, hold_mass_work=hold.spent)
        observe(self.moderation)  # a log line and a count for every action, refusal, failure and expiry
        pacer = Pacer(
            self.limiter,
            spec_for=partial(self.automod_settings.bucket, name="automod_actions"),
            hold_mass_work=hold.until_calm,
        )
        self.automod = AutomodService(self.moderation, pacer)
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
        self.content_cipher = content_cipher or ContentCipher.beside(config.home)
        self.log_events = LogListener(self, self.content_cipher, config.retention.message_content_hours)
        owned = set(shard_ids) if shard_ids else None
        self.greeter = Greeter(gateway)
        self.autoroles = AutoroleGiver(gateway)
        self.announcer = Announcer(gateway)
        self.expiries = ExpiryScheduler(
            self._run_scheduled,
            self._scheduled_gave_up,
            owns_guild=(lambda gid: shard_of(gid, self.shard_count) in owned) if owned else (lambda _: True),
            hold_retries=lambda: self.invalid_requests.paused,
        )
        self.moderation.scheduler = self.expiries
        self.moderation.reconciler.owns_guild = self.expiries.owns
        self.external_actions = ExternalActions(self.moderation.gateway, self.expiries)
        self.discord_actions = DiscordActionEvents(self, self.external_actions)
        self.discord_actions.attach()
        self.autoroles.scheduler = self.announcer.scheduler = self.expiries
        self.instance_id = f"{socket.gethostname()}:{os.getpid()}"
        self.started_at = clock.now()
        self.limiter_publisher = LimiterPublisher(self.limiter, self.instance_id, self.invalid_requests.snapshot)
        self._tasks: list[asyncio.Task] = []
        self.ops = None
        self.roster = RosterListener()
        self.stop_requested = False  # set by a signal: `aegis run` tells a stop it asked for from one it did not
        register(self.tree, self.moderation, self.settings_bus, self.raids, self.announcer)

    async def setup_hook(self) -> None:
        self.ops = await serve_operations(self)  # first: /readyz answers (not ready) while the rest starts
        synced = await self._sync_commands()
        log.info("commands synced count=%d", len(synced))
        await self.moderation.reconciler.run_once()  # what a dead process left in flight, before its expiries run
        await self.expiries.start()
        self.settings_bus.subscribe(self.automod_settings.invalidate)
        await self.settings_bus.start()
        self._tasks = [
            supervised("aegis-heartbeat", self._heartbeat),
            supervised("aegis-rate-limits", self._publish_rate_limits),
            supervised("aegis-retention", self._prune_daily),
            supervised("aegis-counters", self._flush_counters),
            supervised("aegis-settings", lambda: keep_fresh(self.automod_settings, self.settings_bus)),
            supervised("aegis-raids", self.raids.run_sync),
            supervised("aegis-reconciler", self.moderation.reconciler.run_forever),
            supervised("aegis-event-logs", self.log_events.run),
        ]
        backups = ScheduledBackups(self.config)
        if backups.enabled:
            self._tasks.append(supervised("aegis-backups", backups.run_forever))
            log.info(
                "scheduled backups every=%sh dir=%s keep=%d",
                self.config.backup.interval_hours,
                backups.directory,
                backups.keep,
            )

    async def _sync_commands(self) -> list:
        try:
            return await self.tree.sync()
        except discord.HTTPException as exc:
            if exc.status != 400:
                raise
            sent = [command.to_dict(self.tree) for command in self.tree.get_commands()]
            raise AegisError(sync_refusal(exc, sent)) from None

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
            self.log_events.message(args[0])
        else:
            if event in Standings.ROLE_EVENTS:
                self.automod_events.standings.changed(event, args[0])
            self.log_events.dispatch(event, args)
        self.roster.dispatch(event, *args)
        super().dispatch(event, *args, **kwargs)

    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        if before.content != after.content:
            self.automod_events.message(after, is_edit=True)

    async def on_member_join(self, member: discord.Member) -> None:
        self.automod_events.join(member)
        await reapply_mute(self.moderation, member)
        await self.greeter.joined(arrival(member.guild, member))
        await self.autoroles.joined(member.guild.id, member_now(member))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await on_press(interaction, self.moderation.gateway)

    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        await self.discord_actions.on_member_update(before, after)  # a timeout given or lifted in Discord
        if before.pending and not after.pending:
            await self.autoroles.passed_screening(after.guild.id, member_now(after))

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        if payload.user.bot:
            return
        self.automod.counters.add(payload.guild_id, leaves=1)
        await self.autoroles.left(payload.guild_id, payload.user.id)
        if guild := self.get_guild(payload.guild_id):
            await self.greeter.left(arrival(guild, payload.user))

    async def _run_scheduled(self, action: ScheduledAction):
        """One scheduler for every kind of scheduled action; each kind's runner lives with its capability."""
        if action.kind is ScheduleKind.AUTOROLE:
            return await self.autoroles.run(action)
        if action.kind is ScheduleKind.ANNOUNCE:
            return await self.announcer.run(action)
        return await self.moderation.run_expiry(action)

    async def _scheduled_gave_up(self, action: ScheduledAction, error: str) -> None:
        if action.kind in (ScheduleKind.AUTOROLE, ScheduleKind.ANNOUNCE):
            return await tell_mod_log(self.moderation.gateway, action, error)
        await self.moderation.expiry_gave_up(action, error)

    async def close(self) -> None:
        log.info("stopping: no new work; letting running expiries finish")
        for task in self._tasks:
            task.cancel()
        await self.expiries.stop()
        self.external_actions.stop()
        await self.automod_events.drain()
        await self.roster.drain()
        await self.raids.stop()
        await self.automod.flush_counters()
        await self.log_events.close()
        await self.settings_bus.stop()
        try:
            await db_call(self.limiter_publisher.stopped)
        except Exception:
            log.exception("could not mark the heartbeat stopped; the console will show this bot silent")
        await super().close()
        if self.ops:
            await self.ops.stop()

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
        defaults = self.config.retention.days()
        while True:
            try:
                deleted = await db_call(retention.prune, clock.now(), defaults)
                log.info("retention pruned %s", " ".join(f"{kind}={n}" for kind, n in deleted.items()))
            except Exception:
                log.exception("retention prune failed; will try again tomorrow")
            await asyncio.sleep(PRUNE_EVERY.total_seconds())
