"""What an expiry does when its time comes (the scheduler decides when): lift the punishment, end the case."""

from dataclasses import dataclass

from aegis.domain.actors import SYSTEM
from aegis.domain.schedule import ScheduledAction, ScheduleKind
from aegis.services.dbcall import db_call
from aegis.services.moderation.expiries import DONE, Failed, Result, Retry
from aegis.services.moderation.notifier import Notifier
from aegis.services.ports import DiscordCallFailed, DiscordGateway
from aegis.services.wording import moderation as wording
from aegis.storage import cases, guilds


@dataclass
class ExpiryRunner:
    gateway: DiscordGateway
    notifier: Notifier

    async def run(self, action: ScheduledAction) -> Result:
        case = await db_call(cases.get_by_id, action.case_id) if action.case_id else None
        reason = f"Case #{case.number if case else '?'} expired"
        try:
            if action.kind is ScheduleKind.UNBAN:
                await self.gateway.unban(action.guild_id, action.target_id, reason=reason)
            elif action.kind is ScheduleKind.UNMUTE:
                role_id = action.payload.get("role_id") or (case.metadata.get("role_id") if case else None)
                if role_id is None:
                    return Failed("no mute role recorded for this expiry")
                await self.gateway.remove_role(action.guild_id, action.target_id, role_id, reason=reason)
        except DiscordCallFailed as exc:
            if exc.status == 404:
                pass  # unbanned by hand, or the member left (or the role is gone): the expiry's work is done
            elif exc.status == 403 or exc.status >= 500:
                return Retry(str(exc))
            else:
                return Failed(str(exc))
        if case and case.active:
            case = await db_call(cases.end, case.id, SYSTEM, "case.expire")
            settings = await db_call(guilds.get_settings, action.guild_id)
            await self.notifier.mod_log(settings, wording.expiry_entry(case))
        return DONE

    async def gave_up(self, action: ScheduledAction, error: str) -> None:
        case = await db_call(cases.get_by_id, action.case_id) if action.case_id else None
        settings = await db_call(guilds.get_settings, action.guild_id)
        if case:
            await self.notifier.mod_log(settings, wording.expiry_failed_entry(case, action.attempts, error))
