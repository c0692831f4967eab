"""Raid mode's action on each member of a cohort: one Discord call at a time per guild, paced through the guild's
`automod_actions` bucket, and what happened written on the member's cohort row ("timeout", "failed: 403 …")."""

import asyncio
import logging
from datetime import timedelta

from aegis import clock
from aegis.domain.durations import timeout_end
from aegis.domain.raids import Raid, RaidAction
from aegis.services.automod.rules import JoinRateSettings
from aegis.services.dbcall import db_call
from aegis.services.ports import DiscordCallFailed, DiscordGateway
from aegis.services.ratelimit.pacing import Pacer
from aegis.storage import guilds, raids

log = logging.getLogger("aegis.raids")
NO_HOLD_ROLE = "failed: no hold role set (join_rate hold_role_id)"


class CohortActions:
    def __init__(self, gateway: DiscordGateway, pacer: Pacer) -> None:
        self.gateway, self.pacer = gateway, pacer
        self._locks: dict[int, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task] = set()

    def lock(self, guild_id: int) -> asyncio.Lock:
        """Held for each action in turn (asyncio locks are first come, first served), and by /raid resolve for its
        whole run: a resolve then starts after every action queued before it, so it never releases a member whose
        timeout is still on its way."""
        lock = self._locks.get(guild_id)
        if lock is None:
            lock = self._locks[guild_id] = asyncio.Lock()
        return lock

    def act(self, raid: Raid, user_id: int, settings: JoinRateSettings) -> None:
        task = asyncio.create_task(self._act(raid, user_id, settings))
        self._tasks.add(task)
        task.add_done_callback(self._done)

    async def _act(self, raid: Raid, user_id: int, settings: JoinRateSettings) -> None:
        async with self.lock(raid.guild_id):
            handled = await self._apply(raid, user_id, settings)
            await db_call(raids.set_handled, raid.id, user_id, handled)

    async def _apply(self, raid: Raid, user_id: int, settings: JoinRateSettings) -> str:
        if raid.action is RaidAction.ALERT:
            return "alert"
        if raid.action is RaidAction.HOLD and not settings.hold_role_id:
            return NO_HOLD_ROLE
        if not await self.pacer.wait(raid.guild_id):
            return f"failed: {self.pacer.bucket} bucket full"
        reason = f"Raid mode (raid #{raid.id})"
        try:
            if raid.action is RaidAction.TIMEOUT:
                until = timeout_end(clock.now(), timedelta(seconds=settings.timeout_seconds))
                await self.gateway.timeout(raid.guild_id, user_id, until, reason=reason)
            elif raid.action is RaidAction.KICK:
                await self.gateway.kick(raid.guild_id, user_id, reason=reason)
            else:
                await self.gateway.add_role(raid.guild_id, user_id, settings.hold_role_id, reason=reason)
        except DiscordCallFailed as exc:
            log.warning("raid action failed raid=%s user=%s action=%s: %s", raid.id, user_id, raid.action.value, exc)
            return f"failed: {exc}"
        return raid.action.value

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("raid action failed", exc_info=task.exception())

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self) -> None:
        """Shutdown: actions still waiting stay unhandled in the cohort and are taken up again at the next start."""
        for task in list(self._tasks):
            task.cancel()
        await self.drain()


async def tell_moderators(gateway: DiscordGateway, guild_id: int, text: str) -> None:
    """Posts to the guild's mod-log channel (the gateway sends without pings); a failed post is logged, never
    raised: what it reports has happened and is recorded."""
    settings = await db_call(guilds.get_settings, guild_id)
    if not settings.mod_log_channel_id:
        log.warning("raid news for guild=%s not posted: no mod-log channel set (/settings mod-log)", guild_id)
        return
    try:
        await gateway.post(settings.mod_log_channel_id, text)
    except DiscordCallFailed as exc:
        log.warning("mod log post failed guild=%s channel=%s: %s", guild_id, settings.mod_log_channel_id, exc)
