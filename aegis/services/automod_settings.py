"""Each guild's automod settings for the engine: read from storage off the event loop on first use, parsed
once by the automod SettingsCache, and dropped when they change (locally, via pub/sub, or by version)."""

import logging

from aegis.automod import SettingsCache
from aegis.domain.guilds import GuildSettings
from aegis.services.dbcall import db_call
from aegis.storage import guilds

log = logging.getLogger("aegis.automod")


class AutomodSettingsSource:
    def __init__(self) -> None:
        self._raw: dict[int, object] = {}
        self._versions: dict[int, int] = {}
        # The cache's loader only reads memory: the engine calls it on the gateway loop.
        self.cache = SettingsCache(self._raw.get, self._bad_settings)

    def loaded(self, guild_id: int) -> bool:
        return guild_id in self._versions

    async def load(self, guild_id: int) -> None:
        self.store(await db_call(guilds.get_settings, guild_id))

    def store(self, settings: GuildSettings) -> None:
        self._raw[settings.guild_id] = settings.automod or None
        self._versions[settings.guild_id] = settings.version
        self.cache.invalidate(settings.guild_id)

    def store_defaults(self, guild_id: int) -> None:
        """Storage did not answer: defaults for now; version -1 makes the next refresh read them again."""
        self._raw[guild_id] = None
        self._versions[guild_id] = -1
        self.cache.invalidate(guild_id)

    async def invalidate(self, guild_id: int) -> None:
        """Another process (or a command here) changed the guild's settings: read them again."""
        if self.loaded(guild_id):
            await self.load(guild_id)

    async def refresh_stale(self) -> list[int]:
        """The check without Redis: reload the guilds whose stored version moved on."""
        known = dict(self._versions)
        if not known:
            return []
        current = await db_call(guilds.versions, list(known))
        stale = [gid for gid, version in current.items() if version != known.get(gid)]
        for guild_id in stale:
            await self.load(guild_id)
        return stale

    @staticmethod
    def _bad_settings(guild_id: int, errors: tuple[str, ...]) -> None:
        log.warning("stored automod settings partly invalid guild=%s (defaults used): %s", guild_id, "; ".join(errors))
