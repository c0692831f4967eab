"""What an expiry does when its time comes (the scheduler decides when): make sure its case is still the one
in force, lift the punishment if Discord still shows it, end the case.

Lifting only what Discord still shows makes a second run (a crash after Discord answered, the claim taken back)
change nothing: bob is unbanned once. A refusal that waiting will not change (403: a permission or my role's
place) is reported at once, with what a moderator can do, instead of after minutes of backoff."""

import logging
from dataclasses import dataclass

from aegis.domain.actors import SYSTEM
from aegis.domain.moderation.cases import Case, CaseType, DiscordState
from aegis.domain.moderation.schedule import ScheduledAction, ScheduleKind
from aegis.services.dbcall import db_call
from aegis.services.moderation.expiries import DONE, Failed, Result, Retry
from aegis.services.moderation.journal import crashpoints
from aegis.services.moderation.notifier import Notifier
from aegis.services.ports import DiscordCallFailed, DiscordGateway
from aegis.services.wording import moderation as wording
from aegis.storage import guilds
from aegis.storage.moderation import cases

log = logging.getLogger("aegis.expiries")
FAMILY = {  # the cases that, newer and in force, mean an older one's expiry must not lift anything
    ScheduleKind.UNBAN: (CaseType.BAN, CaseType.TEMPBAN),
    ScheduleKind.UNTIMEOUT: (CaseType.TIMEOUT,),
    ScheduleKind.UNMUTE: (CaseType.MUTE,),
}
SETTLED = (DiscordState.APPLIED, DiscordState.PARTIAL)


@dataclass
class ExpiryRunner:
    gateway: DiscordGateway
    notifier: Notifier

    async def run(self, action: ScheduledAction) -> Result:
        case = await db_call(cases.get_by_id, action.case_id) if action.case_id else None
        crashpoints.reached("expiry:claimed", case and case.type.value)
        if case is not None and case.discord_state is DiscordState.PENDING:
            return Retry(f"case #{case.number} is still being settled with Discord")  # the reconciler's first
        stale = await self._not_in_force(action, case)
        if stale:
            log.info("expiry %s lifts nothing: %s", action.id, stale)
            return DONE
        reason = f"Case #{case.number if case else '?'} expired"
        try:
            await self._lift(action, case, reason)
        except DiscordCallFailed as exc:
            if exc.status == 404:
                pass  # unbanned by hand, or the member left (or the role is gone): the expiry's work is done
            elif exc.status == 403:
                return Failed(f"{exc} — {wording.EXPIRY_FIX.get(action.kind, '')}".rstrip(" —"))
            elif exc.status >= 500 or exc.status == 429:
                return Retry(str(exc))
            else:
                return Failed(str(exc))
        crashpoints.reached("expiry:answered", case and case.type.value)
        if case and case.active:
            case = await db_call(cases.end, case.id, SYSTEM, "case.expire")
            settings = await db_call(guilds.get_settings, action.guild_id)
            await self.notifier.mod_log(settings, wording.expiry_entry(case))
        return DONE

    async def _not_in_force(self, action: ScheduledAction, case: Case | None) -> str | None:
        """Why the expiry must lift nothing, re-read after the claim: ended (/unban, a newer ban), refused."""
        if case is None:
            return None  # an expiry made without a case (the console): nothing to compare with
        if not case.active:
            return f"case #{case.number} already ended ({case.end_reason or 'ended'})"
        if case.discord_state not in SETTLED:
            return f"case #{case.number} is {case.discord_state.value} on Discord"  # refused: nothing to lift
        newer = await db_call(cases.active_for_target, case.guild_id, case.target_id, FAMILY[action.kind])
        if any(c.number > case.number for c in newer):
            return f"a newer case is in force for {case.target_id}"
        return None

    async def _lift(self, action: ScheduledAction, case: Case | None, reason: str) -> None:
        if action.kind is ScheduleKind.UNBAN:
            if await self.gateway.is_banned(action.guild_id, action.target_id):
                await self.gateway.unban(action.guild_id, action.target_id, reason=reason)
        elif action.kind is ScheduleKind.UNMUTE:
            role_id = action.payload.get("role_id") or (case.metadata.get("role_id") if case else None)
            if role_id is None:
                raise DiscordCallFailed(0, 0, "no mute role recorded for this expiry")
            await self.gateway.remove_role(action.guild_id, action.target_id, role_id, reason=reason)

    async def gave_up(self, action: ScheduledAction, error: str) -> None:
        case = await db_call(cases.get_by_id, action.case_id) if action.case_id else None
        settings = await db_call(guilds.get_settings, action.guild_id)
        if case:
            await self.notifier.mod_log(settings, wording.expiry_failed_entry(case, action.attempts, error))
