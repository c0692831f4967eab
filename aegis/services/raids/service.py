"""Raid mode. A join spike (the guild's `joins` bucket refusing a join, judged by the join_rate rule) switches the
guild into raid mode: the spike's joiners and everyone who joins while it is on are the raid's cohort, each gets the
guild's raid action, and moderators are told in the mod log. Quiet for the rule's cooldown_s switches it off.

The database is the truth (the console switches raid mode there); this process keeps a view of the raids of the
guilds it owns, brought in step by `sync()` every couple of seconds, and marks what it has taken up as seen.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from aegis import clock
from aegis.domain.actors import AUTOMOD, SYSTEM, Actor
from aegis.domain.moderation.cases import Case, CaseType, DiscordState, NewCase, TargetKind
from aegis.domain.raids import CohortMember, Raid, RaidAction, RaidResolution, RaidTrigger
from aegis.domain.records import AutomodEvent
from aegis.domain.refusals import Refusal
from aegis.services.automod import AutomodSettings, JoinWindow, Verdict
from aegis.services.automod.rules import JoinRateSettings
from aegis.services.automod.settings_source import AutomodSettingsSource
from aegis.services.automod.verdict import Action
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_privilege
from aegis.services.moderation.service import ModerationService
from aegis.services.raids.actions import CohortActions, tell_moderators
from aegis.services.raids.join_counter import JoinCounter, Joiner
from aegis.services.raids.resolve import Progress, Resolved, Resolver, resolve_cohort
from aegis.services.ratelimit import BucketSpec, RateLimiter
from aegis.services.ratelimit.pacing import Pacer
from aegis.services.wording import raids as words
from aegis.storage import raids
from aegis.storage.moderation import cases
from aegis.storage.records import activity

log = logging.getLogger("aegis.raids")
SYNC_EVERY = 2.0  # the console's switch is taken up within this


@dataclass(slots=True)
class _Live:
    raid: Raid
    quiet_since: datetime  # its start or its latest join, whichever came later


def _live(raid: Raid) -> _Live:
    return _Live(raid, max(raid.started_at, raid.last_join_at or raid.started_at))


@dataclass(frozen=True, slots=True)
class RaidStatus:
    raid: Raid | None  # the open raid, else the latest one, else None
    members: tuple[CohortMember, ...]
    settings: JoinRateSettings
    threshold: BucketSpec


class RaidService:
    def __init__(
        self,
        moderation: ModerationService,
        pacer: Pacer,
        limiter: RateLimiter,
        settings: AutomodSettingsSource,
        *,
        joins_spec_for: Callable[[int], BucketSpec] | None = None,
        owns_guild: Callable[[int], bool] = lambda _guild_id: True,
    ) -> None:
        self.moderation, self.pacer, self.settings, self.owns_guild = moderation, pacer, settings, owns_guild
        self.joins = JoinCounter(limiter, joins_spec_for)
        self.cohort = CohortActions(moderation.gateway, pacer)
        self._live: dict[int, _Live] = {}
        self._locks: dict[int, asyncio.Lock] = {}  # one decision at a time per guild: joins, switches, the sync
        self._resolving: set[int] = set()
        self._loaded = False

    # --- joins ---

    async def count_join(self, joiner: Joiner) -> JoinWindow:
        return await self.joins.count(joiner)

    async def on_join(self, joiner: Joiner, spike: Verdict | None = None) -> None:
        """Every non-bot join, after the rules: `spike` is the join_rate verdict when the bucket refused it."""
        guild_id = joiner.guild_id
        async with self._lock(guild_id):
            live = self._live.get(guild_id)
            if live is not None:
                await self._enlist(live, [joiner])
            elif spike is not None and spike.new_incident:
                # The rest of one spike (new_incident False) never starts raid mode again, e.g. after /raid off.
                live = await self._spike(joiner, spike)
                if live is not None:
                    await self._enlist(live, self.joins.joiners(guild_id, spike.related_user_ids, joiner.joined_at))

    def active(self, guild_id: int) -> Raid | None:
        live = self._live.get(guild_id)
        return live.raid if live else None

    async def _spike(self, joiner: Joiner, spike: Verdict) -> _Live | None:
        """The first verdict of a spike: raid mode on (or, in dry run or with raid_mode off, only a record)."""
        guild_id = joiner.guild_id
        settings = (await self.automod_settings(guild_id)).rule("join_rate")
        action = RaidAction(settings.raid_action)
        event = AutomodEvent(
            guild_id,
            spike.rule,
            spike.action.value,
            "none",
            spike.reason,
            user_id=joiner.user_id,
            counts=dict(spike.counts),
            dry_run=spike.dry_run,
        )
        if spike.dry_run:
            reason = words.dry_run(spike.reason, action, settings, len(spike.related_user_ids))
            await db_call(activity.add_automod_event, replace(event, reason=reason[:500]))
            return None
        if not settings.raid_mode:
            case = await self._spike_case(guild_id, spike, None)
            taken = spike.action.value if case else "none"
            await db_call(activity.add_automod_event, replace(event, action_taken=taken, case_id=case and case.id))
            if case:
                await self._post(guild_id, words.spike_only(case.number, spike.reason))
            return None
        raid, opened = await db_call(raids.start, guild_id, RaidTrigger.SPIKE, action, AUTOMOD, spike.reason)
        live = self._live[guild_id] = _live(raid)
        if not opened:  # switched on from the console a moment ago: join that raid; the sync tells moderators
            return live
        await db_call(raids.mark_seen, raid.id)
        case = await self._spike_case(guild_id, spike, raid)
        taken = f"raid #{raid.id} on"
        await db_call(activity.add_automod_event, replace(event, action_taken=taken, case_id=case and case.id))
        await self._post(guild_id, words.raid_on(raid, settings, case and case.number, len(spike.related_user_ids)))
        log.warning("raid mode on guild=%s raid=%s trigger=spike %s", guild_id, raid.id, spike.reason)
        return live

    async def _spike_case(self, guild_id: int, spike: Verdict, raid: Raid | None) -> Case | None:
        """One automod case for the whole spike, against the guild; none when the rule's action is `none`."""
        if spike.action is Action.NONE:
            return None
        counts = dict(spike.counts)
        threshold = {"limit": counts.get("limit"), "window_s": counts.get("window_s")}
        metadata = {
            "rule": spike.rule,
            "reason": spike.reason,
            "counts": counts,
            "raid_id": raid.id if raid else None,
            "joins": counts.get("joins"),
            "threshold": threshold,
            "user_ids": list(spike.related_user_ids[-100:]),
        }
        reason = f"Automod ({spike.rule}): {spike.reason}"[:512]
        new = NewCase(
            guild_id,
            CaseType.AUTOMOD,
            guild_id,
            AUTOMOD.kind,
            None,
            reason,
            TargetKind.GUILD,
            discord_state=DiscordState.NOT_NEEDED,
            metadata=metadata,
        )
        return await db_call(cases.create, new)

    async def _enlist(self, live: _Live, joiners: list[Joiner]) -> None:
        settings = (await self.automod_settings(live.raid.guild_id)).rule("join_rate")
        for joiner in joiners:
            added = await db_call(
                raids.add_member, live.raid.id, joiner.user_id, joiner.joined_at, joiner.account_created_at
            )
            if added:  # a replayed or repeated join is in the cohort once and acted on once
                self.cohort.act(live.raid, joiner.user_id, settings)
        live.quiet_since = max(live.quiet_since, clock.now())

    # --- switching by hand ---

    async def switch_on(self, guild_id: int, actor: Actor, reason: str | None = None) -> Raid | Refusal:
        """A moderator's /raid on (the console writes to the database, and `sync` takes that up)."""
        if refusal := check_privilege(actor, "ban_members", words.SWITCHING):
            return refusal
        async with self._lock(guild_id):
            settings = (await self.automod_settings(guild_id)).rule("join_rate")
            if settings.raid_action == RaidAction.HOLD and not settings.hold_role_id:
                return Refusal("no_hold_role", words.NO_HOLD_ROLE)
            raid, opened = await db_call(
                raids.start, guild_id, RaidTrigger.MODERATOR, RaidAction(settings.raid_action), actor, reason
            )
            if not opened:
                self._live.setdefault(guild_id, _live(raid))
                return Refusal("raid_on", words.already_on(raid))
            self._live[guild_id] = _live(raid)
            await db_call(raids.mark_seen, raid.id)
            await self._post(guild_id, words.raid_on(raid, settings))
            return raid

    async def switch_off(self, guild_id: int, actor: Actor, reason: str | None = None) -> Raid | Refusal:
        if refusal := check_privilege(actor, "ban_members", words.SWITCHING):
            return refusal
        async with self._lock(guild_id):
            current = await db_call(raids.active, guild_id)
            ended = await db_call(raids.end, current.id, actor, reason) if current else None
            if ended is None:
                self._live.pop(guild_id, None)
                return Refusal("raid_off", words.NOT_ON)
            await self._ended(ended)
            return ended

    # --- keeping in step with the database ---

    async def sync(self) -> None:
        """Takes up raids switched from the console (or another process), and ends raids quiet for long enough."""
        if not self._loaded:
            await self._load()
        for raid in await db_call(raids.unseen):
            if self.owns_guild(raid.guild_id):
                await self._take_up(raid)
        await self._end_quiet()

    async def run_sync(self, every: float = SYNC_EVERY) -> None:
        while True:
            try:
                await self.sync()
            except Exception:
                log.exception("raid sync failed; will try again")
            await asyncio.sleep(every)

    async def _load(self) -> None:
        """At start: the open raids of this process's guilds, and the cohort members whose action never ran
        (the process stopped first). A raid quiet for too long is then ended by the quiet check."""
        for raid in await db_call(raids.active_raids):
            if not self.owns_guild(raid.guild_id):
                continue
            self._live[raid.guild_id] = _live(raid)
            settings = (await self.automod_settings(raid.guild_id)).rule("join_rate")
            for member in await db_call(raids.members, raid.id):
                if not member.handled:
                    self.cohort.act(raid, member.user_id, settings)
        self._loaded = True

    async def _take_up(self, raid: Raid) -> None:
        async with self._lock(raid.guild_id):
            live = self._live.get(raid.guild_id)
            if raid.active:
                if live is None or live.raid.id != raid.id:
                    self._live[raid.guild_id] = _live(raid)
                if raid.start_seen_at is None:
                    settings = (await self.automod_settings(raid.guild_id)).rule("join_rate")
                    await self._post(raid.guild_id, words.raid_on(raid, settings))
            else:
                if live is not None and live.raid.id == raid.id:
                    del self._live[raid.guild_id]
                members = await db_call(raids.members, raid.id)
                await self._post(raid.guild_id, words.raid_off(raid, members))
            await db_call(raids.mark_seen, raid.id)
            log.info("raid taken up guild=%s raid=%s active=%s", raid.guild_id, raid.id, raid.active)

    async def _end_quiet(self) -> None:
        for guild_id in list(self._live):
            cooldown = (await self.automod_settings(guild_id)).rule("join_rate").cooldown_s
            async with self._lock(guild_id):
                live = self._live.get(guild_id)
                if live is None or (clock.now() - live.quiet_since).total_seconds() < cooldown:
                    continue
                ended = await db_call(raids.end, live.raid.id, SYSTEM, f"quiet for {cooldown:g} s")
                if ended is None:  # ended elsewhere; the unseen end is taken up by the next sync
                    continue
                await self._ended(ended)

    async def _ended(self, raid: Raid) -> None:
        self._live.pop(raid.guild_id, None)
        await db_call(raids.mark_seen, raid.id)
        await self._post(raid.guild_id, words.raid_off(raid, await db_call(raids.members, raid.id)))
        log.warning("raid mode off guild=%s raid=%s: %s", raid.guild_id, raid.id, words.ending(raid))

    # --- reading and resolving ---

    async def status(self, guild_id: int, actor: Actor | None = None) -> RaidStatus | Refusal:
        if actor is not None and (refusal := check_privilege(actor, "ban_members", words.READING)):
            return refusal
        raid = await db_call(raids.active, guild_id) or await db_call(raids.latest, guild_id)
        members = tuple(await db_call(raids.members, raid.id)) if raid else ()
        settings = (await self.automod_settings(guild_id)).rule("join_rate")
        return RaidStatus(raid, members, settings, self.joins.spec_for(guild_id))

    async def resolve(
        self, resolution: RaidResolution, who: Resolver, progress: Progress | None = None
    ) -> Resolved | Refusal:
        """Bans, kicks or releases the current (else the latest) raid's cohort members not resolved yet."""
        raid = await db_call(raids.active, who.guild_id) or await db_call(raids.latest, who.guild_id)
        if raid is None:
            return Refusal("no_raid", words.NO_RAID)
        if raid.id in self._resolving:
            return Refusal("resolving", words.resolving_already(raid))
        self._resolving.add(raid.id)
        try:
            settings = (await self.automod_settings(who.guild_id)).rule("join_rate")
            async with self.cohort.lock(who.guild_id):
                return await resolve_cohort(self.moderation, self.pacer, raid, resolution, who, settings, progress)
        finally:
            self._resolving.discard(raid.id)

    # --- plumbing ---

    async def automod_settings(self, guild_id: int) -> AutomodSettings:
        if not self.settings.loaded(guild_id):
            try:
                await self.settings.load(guild_id)
            except Exception:
                log.exception("automod settings unreadable guild=%s; raid mode uses the defaults", guild_id)
                self.settings.store_defaults(guild_id)
        return self.settings.cache(guild_id)

    async def _post(self, guild_id: int, text: str) -> None:
        await tell_moderators(self.moderation.gateway, guild_id, text)

    def _lock(self, guild_id: int) -> asyncio.Lock:
        lock = self._locks.get(guild_id)
        if lock is None:
            lock = self._locks[guild_id] = asyncio.Lock()
        return lock

    async def drain(self) -> None:
        await self.cohort.drain()

    async def stop(self) -> None:
        await self.cohort.stop()
