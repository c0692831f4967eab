"""Moderation Discord tells Aegis about that Aegis did not do: a ban, unban, kick, timeout or timeout removal made
in Discord's UI or by another bot becomes a case attributed to whoever Discord names, and it ends what it
replaces: a manual ban or unban cancels an Aegis tempban's expiry, a manual timeout removal ends the timeout case.

Aegis's own actions come back as the same events. With the audit log, Discord names the bot and the front end
drops them; without it (the fallback events name nobody), an Aegis case or expiry for that member and action
made moments before marks the event as Aegis's."""

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from aegis import clock
from aegis.domain.actors import UNKNOWN, Actor
from aegis.domain.moderation.cases import Case, CaseType, DiscordState, NewCase
from aegis.domain.moderation.schedule import ScheduleKind
from aegis.services.dbcall import DatabaseUnavailable, db_call
from aegis.services.moderation.expiries import ExpiryScheduler
from aegis.services.ports import DiscordCallFailed, DiscordGateway
from aegis.services.wording.external import external_entry
from aegis.storage import guilds
from aegis.storage.moderation import external
from aegis.storage.moderation.external import Supersedes

log = logging.getLogger("aegis.external")
AEGIS_WINDOW = timedelta(seconds=60)  # how long after its own case or expiry an unattributed event is Aegis's
RETRY_EVERY = 2.0  # while the database is unreachable, how often the actions waiting to be recorded try again
BANS, UNBANS = (CaseType.BAN, CaseType.TEMPBAN), (ScheduleKind.UNBAN,)
TIMEOUTS, UNTIMEOUTS = (CaseType.TIMEOUT,), (ScheduleKind.UNTIMEOUT,)
SUPERSEDES = {
    CaseType.BAN: Supersedes(ends=BANS, cancels=UNBANS),
    CaseType.UNBAN: Supersedes(ends=BANS, cancels=UNBANS),
    CaseType.KICK: Supersedes(),
    CaseType.TIMEOUT: Supersedes(ends=TIMEOUTS, cancels=UNTIMEOUTS, expiry=ScheduleKind.UNTIMEOUT),
    CaseType.UNTIMEOUT: Supersedes(ends=TIMEOUTS, cancels=UNTIMEOUTS),
}
AEGIS_MADE = {  # which Aegis cases and expiries cause each event
    CaseType.BAN: ((CaseType.BAN, CaseType.TEMPBAN, CaseType.SOFTBAN), ()),
    CaseType.UNBAN: ((CaseType.UNBAN, CaseType.SOFTBAN), UNBANS),
    CaseType.KICK: ((CaseType.KICK,), ()),
    CaseType.TIMEOUT: (TIMEOUTS, ()),
    CaseType.UNTIMEOUT: ((CaseType.UNTIMEOUT,), UNTIMEOUTS),
}


@dataclass(frozen=True)
class DiscordAction:
    guild_id: int
    kind: CaseType  # BAN, UNBAN, KICK, TIMEOUT or UNTIMEOUT
    target_id: int
    moderator_id: int | None  # None: Discord did not say who (no audit-log entry)
    reason: str | None = None
    audit_entry_id: int | None = None
    audit_action_type: int = 0  # Discord's audit-log action type, kept with the entry id
    until: datetime | None = None  # a timeout's end
    at: datetime | None = None  # when Aegis heard of it (set by record_when_possible)

    @property
    def via(self) -> str:
        return "audit_log" if self.audit_entry_id is not None else "gateway"


class ExternalActions:
    def __init__(self, gateway: DiscordGateway, scheduler: ExpiryScheduler | None = None):
        self.gateway, self.scheduler = gateway, scheduler
        self._waiting: list[DiscordAction] = []
        self._retrier: asyncio.Task | None = None

    async def record_when_possible(self, action: DiscordAction) -> None:
        """Record now or, while the database is unreachable, as soon as it is back (in this process)."""
        action = replace(action, at=action.at or clock.now())
        try:
            await self.record(action)
        except DatabaseUnavailable as exc:
            log.warning("a %s made in Discord waits for the database guild=%s: %s", action.kind, action.guild_id, exc)
            self._waiting.append(action)
            if self._retrier is None or self._retrier.done():
                self._retrier = asyncio.create_task(self._record_waiting(), name="aegis-external-retry")

    async def _record_waiting(self) -> None:
        while self._waiting:
            await asyncio.sleep(RETRY_EVERY)
            try:
                while self._waiting:
                    await self.record(self._waiting[0])
                    self._waiting.pop(0)
            except DatabaseUnavailable:
                continue

    def stop(self) -> None:
        if self._retrier:
            self._retrier.cancel()

    async def record(self, action: DiscordAction) -> Case | None:
        """The case made, or None when there is nothing to record (Aegis's own action, or a replay)."""
        if action.audit_entry_id is None and await self._made_by_aegis(action):
            return None
        recorded = await db_call(
            external.record, new_case(action), action.audit_entry_id, action.audit_action_type, SUPERSEDES[action.kind]
        )
        if recorded is None:
            return None
        if self.scheduler:
            for action_id in recorded.cancelled:
                self.scheduler.disarm(action_id)
            if recorded.expiry:
                self.scheduler.arm(recorded.expiry)
        log.info(
            "discord action recorded guild=%s case=%s type=%s by=%s",
            action.guild_id,
            recorded.case.number,
            action.kind.value,
            action.moderator_id or "unknown",
        )
        await self._post_mod_log(recorded.case)
        return recorded.case

    async def _made_by_aegis(self, action: DiscordAction) -> bool:
        types, kinds = AEGIS_MADE[action.kind]
        since = (action.at or clock.now()) - AEGIS_WINDOW
        return await db_call(external.acted_recently, action.guild_id, action.target_id, types, kinds, since)

    async def _post_mod_log(self, case: Case) -> None:
        settings = await db_call(guilds.get_settings, case.guild_id)
        if not settings.mod_log_channel_id:
            return
        try:
            await self.gateway.post(settings.mod_log_channel_id, external_entry(case))
        except DiscordCallFailed as exc:
            log.warning("mod log post failed guild=%s: %s", case.guild_id, exc)


def new_case(action: DiscordAction) -> NewCase:
    actor = Actor.moderator(action.moderator_id) if action.moderator_id else UNKNOWN
    metadata = {"via": action.via, **({"audit_entry_id": action.audit_entry_id} if action.audit_entry_id else {})}
    return NewCase(
        action.guild_id,
        action.kind,
        action.target_id,
        actor.kind,
        actor.id,
        action.reason,
        expires_at=action.until if action.kind is CaseType.TIMEOUT else None,
        discord_state=DiscordState.APPLIED,  # it happened on Discord: that is how Aegis heard of it
        metadata=metadata,
    )
