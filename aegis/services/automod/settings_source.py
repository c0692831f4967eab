"""Each guild's automod settings and rate-limit buckets for the bot: read from storage off the event loop on
first use, parsed once (automod's SettingsCache, resolve_buckets), and read again when they change (a message
on the settings bus, or a newer version found by the database check)."""

import asyncio
import logging
from collections.abc import Callable, Mapping

from aegis import clock
from aegis.domain.guilds import GuildSettings
from aegis.services.automod import SettingsCache
from aegis.services.dbcall import db_call
from aegis.services.ratelimit import DEFAULT_BUCKETS, BucketSpec, resolve_buckets
from aegis.services.settings.bus import SettingsBus
from aegis.storage import guilds

log = logging.getLogger("aegis.services.automod")

CHECK_EVERY_S = 5.0  # the database check while no bus message can arrive (no Redis, or Redis down)
CHECK_EVERY_LIVE_S = 60.0  # with Redis: only for changes made where Redis was not reachable


class AutomodSettingsSource:
    def __init__(self) -> None:
        self._raw: dict[int, object] = {}
        self._versions: dict[int, int] = {}
        self._buckets: dict[int, Mapping[str, BucketSpec]] = {}
        # The cache's loader only reads memory: the engine calls it on the gateway loop.
        self.cache = SettingsCache(self._raw.get, self._bad_settings)
        self.listeners: list[Callable[[GuildSettings], None]] = []  # others that hold a guild's settings (event logs)

    def loaded(self, guild_id: int) -> bool:
        return guild_id in self._versions

    def bucket(self, guild_id: int, name: str) -> BucketSpec:
        """The guild's spec for a rate-limit bucket: a dictionary lookup, for the hot paths (every command)."""
        buckets = self._buckets.get(guild_id)
        return buckets[name] if buckets is not None else DEFAULT_BUCKETS[name]

    async def load(self, guild_id: int) -> None:
        self.store(await db_call(guilds.get_settings, guild_id))

    async def load_or_defaults(self, guild_id: int) -> None:
        """Load, or if storage does not answer use the defaults until the next check reads them again."""
        try:
            await self.load(guild_id)
        except Exception:
            log.exception("settings unreadable guild=%s; using defaults until they load", guild_id)
            if not self.loaded(guild_id):
                self.store_defaults(guild_id)

    def store(self, settings: GuildSettings, *, force: bool = False) -> None:
        # Two reads in flight (first use and a change message) can finish out of order: keep the newer.
        if not force and settings.version < self._versions.get(settings.guild_id, -1):
            return
        resolved = resolve_buckets(settings.rate_limits or None)
        if resolved.errors:
            log.warning(
                "stored rate limits partly invalid guild=%s (defaults used): %s",
                settings.guild_id,
                "; ".join(resolved.errors),
            )
        self._buckets[settings.guild_id] = resolved.buckets
        self._raw[settings.guild_id] = settings.automod or None
        self._versions[settings.guild_id] = settings.version
        self.cache.invalidate(settings.guild_id)
        for listener in self.listeners:
            listener(settings)

    def store_defaults(self, guild_id: int) -> None:
        """Storage did not answer: defaults for now; version -1 makes the next refresh read them again."""
        self._raw[guild_id] = None
        self._buckets.pop(guild_id, None)
        self._versions[guild_id] = -1
        self.cache.invalidate(guild_id)
        for listener in self.listeners:
            listener(GuildSettings(guild_id))

    async def invalidate(self, guild_id: int, version: int | None = None) -> None:
        """The guild's settings changed (here or in another process): read them again, unless this process
        never used them or already has `version`. The settings bus calls this."""
        if self.loaded(guild_id) and (version is None or version > self._versions[guild_id]):
            await self.load(guild_id)

    async def refresh_stale(self) -> list[int]:
        """The database check: reload the guilds whose stored version is not the one held here."""
        known = dict(self._versions)
        if not known:
            return []
        current = await db_call(guilds.versions, list(known))
        stale = [gid for gid, version in current.items() if version != known.get(gid)]
        for guild_id in stale:
            # Forced: a restored database may carry an older version than the one held here.
            self.store(await db_call(guilds.get_settings, guild_id), force=True)
        return stale

    @staticmethod
    def _bad_settings(guild_id: int, errors: tuple[str, ...]) -> None:
        log.warning("stored automod settings partly invalid guild=%s (defaults used): %s", guild_id, "; ".join(errors))


def check_due(*, live: bool, reconnected: bool, since_check_s: float, live_every_s: float = CHECK_EVERY_LIVE_S) -> bool:
    """Whether the database check runs on this turn: always while bus messages from other processes cannot
    arrive, right after they start arriving again (what was published meanwhile was lost), and otherwise only
    every `live_every_s` (for a change saved where Redis was unreachable, or straight into the database)."""
    return not live or reconnected or since_check_s >= live_every_s


async def keep_fresh(
    source: AutomodSettingsSource,
    bus: SettingsBus,
    *,
    every_s: float = CHECK_EVERY_S,
    live_every_s: float = CHECK_EVERY_LIVE_S,
) -> None:
    """Runs for the life of the bot: the database check, on the turns check_due says."""
    generation, checked = bus.generation, clock.monotonic()
    while True:
        await asyncio.sleep(every_s)
        if not check_due(
            live=bus.live,
            reconnected=bus.generation != generation,
            since_check_s=clock.monotonic() - checked,
            live_every_s=live_every_s,
        ):
            continue
        generation = bus.generation
        try:
            await source.refresh_stale()
            checked = clock.monotonic()
        except Exception:
            log.exception("settings check failed; will try again")
