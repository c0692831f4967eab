"""Every moderation action, whoever asks: check → record (case + audit, one transaction) → act on Discord →
mark the record applied or failed → schedule its expiry → tell the mod log and the member → escalate."""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta

from aegis import clock
from aegis.domain.actors import SYSTEM, Actor
from aegis.domain.audit import NewAuditEntry
from aegis.domain.cases import Case, CaseType, DiscordState, NewCase, TargetKind
from aegis.domain.guilds import GuildSettings
from aegis.domain.refusals import Refusal
from aegis.domain.schedule import NewScheduledAction, ScheduledAction, ScheduleKind
from aegis.domain.wording import plural
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import (
    Person,
    RoleSnapshot,
    check_bot,
    check_moderator,
    check_mute_role,
    check_target,
)
from aegis.services.moderation.expiries import DONE, ExpiryScheduler, Failed, Result, Retry
from aegis.services.ports import DiscordCallFailed, DiscordGateway, PurgeFilter
from aegis.services.wording import moderation as wording
from aegis.storage import audit, cases, guilds, schedule

log = logging.getLogger("aegis.moderation")
DM_BEFORE = {CaseType.KICK, CaseType.BAN, CaseType.TEMPBAN, CaseType.SOFTBAN}  # after these they share no server
DM_AFTER = {CaseType.WARN, CaseType.TIMEOUT, CaseType.MUTE}
SUPERSEDES = {  # a new punishment cancels the pending expiry of an older one, so it is never lifted early
    CaseType.BAN: ScheduleKind.UNBAN,
    CaseType.TEMPBAN: ScheduleKind.UNBAN,
    CaseType.UNBAN: ScheduleKind.UNBAN,
    CaseType.TIMEOUT: ScheduleKind.UNTIMEOUT,
    CaseType.UNTIMEOUT: ScheduleKind.UNTIMEOUT,
    CaseType.MUTE: ScheduleKind.UNMUTE,
    CaseType.UNMUTE: ScheduleKind.UNMUTE,
}
EXPIRY_KIND = {
    CaseType.TEMPBAN: ScheduleKind.UNBAN,
    CaseType.TIMEOUT: ScheduleKind.UNTIMEOUT,
    CaseType.MUTE: ScheduleKind.UNMUTE,
}
# A mute case stays active while the member should have the role: a rejoining member gets it back. So a newer
# mute or an unmute ends the older mute cases it replaces.
ENDS = {CaseType.MUTE: (CaseType.MUTE,), CaseType.UNMUTE: (CaseType.MUTE,)}


@dataclass(frozen=True)
class Request:
    """Who asks (`moderator` None when Aegis acts on its own), on what, and why."""

    guild_id: int
    guild_name: str
    actor: Actor
    moderator: Person | None
    bot: Person
    target_id: int
    target: Person | None = None  # None: not a member (a user id, or a channel)
    reason: str | None = None
    source_id: int | None = None  # the interaction or message that asked; a replayed event is ignored
    metadata: dict | None = None  # stored on the case, e.g. automod's rule, match and counts


@dataclass(frozen=True)
class Acted:
    case: Case
    notes: tuple[str, ...] = ()
    escalation: Case | None = None


Outcome = Acted | Refusal
DiscordCall = Callable[[], Awaitable[dict | None]]


@dataclass
class ModerationService:
    gateway: DiscordGateway
    scheduler: ExpiryScheduler | None = None
    _recent_sources: dict[int, Outcome] = field(default_factory=dict)

    # --- the actions ---

    async def warn(self, req: Request) -> Outcome:
        settings = await db_call(guilds.get_settings, req.guild_id)
        expires = clock.now() + timedelta(seconds=settings.warning_lifetime_s) if settings.warning_lifetime_s else None
        outcome = await self._act(req, CaseType.WARN, None, expires_at=expires, settings=settings)
        if isinstance(outcome, Acted):
            outcome = await self._escalate(req, outcome, settings)
        return outcome

    async def note(self, req: Request) -> Outcome:
        return await self._act(req, CaseType.NOTE, None)

    async def timeout(self, req: Request, duration: timedelta) -> Outcome:
        at = clock.now()
        call = lambda: self.gateway.timeout(req.guild_id, req.target_id, at + duration, reason=req.reason)
        return await self._act(req, CaseType.TIMEOUT, call, at=at, expires_at=at + duration)

    async def untimeout(self, req: Request) -> Outcome:
        call = lambda: self.gateway.timeout(req.guild_id, req.target_id, None, reason=req.reason)
        return await self._act(req, CaseType.UNTIMEOUT, call)

    async def kick(self, req: Request) -> Outcome:
        return await self._act(
            req, CaseType.KICK, lambda: self.gateway.kick(req.guild_id, req.target_id, reason=req.reason)
        )

    async def ban(self, req: Request, duration: timedelta | None = None, delete_message_seconds: int = 0) -> Outcome:
        async def call():
            await self.gateway.ban(
                req.guild_id, req.target_id, reason=req.reason, delete_message_seconds=delete_message_seconds
            )

        at = clock.now()
        kind = CaseType.TEMPBAN if duration else CaseType.BAN
        return await self._act(
            req,
            kind,
            call,
            at=at,
            expires_at=at + duration if duration else None,
            metadata={"delete_message_seconds": delete_message_seconds},
        )

    async def softban(self, req: Request, delete_message_seconds: int = 86400) -> Outcome:
        async def call():  # ban to delete their messages, then unban at once: a kick that cleans up
            await self.gateway.ban(
                req.guild_id, req.target_id, reason=req.reason, delete_message_seconds=delete_message_seconds
            )
            await self.gateway.unban(req.guild_id, req.target_id, reason=req.reason)

        return await self._act(req, CaseType.SOFTBAN, call, metadata={"delete_message_seconds": delete_message_seconds})

    async def unban(self, req: Request) -> Outcome:
        return await self._act(
            req, CaseType.UNBAN, lambda: self.gateway.unban(req.guild_id, req.target_id, reason=req.reason)
        )

    async def mute(self, req: Request, duration: timedelta | None = None) -> Outcome:
        """Give the guild's mute role, until `duration` is over or, with None, until /unmute."""
        settings = await db_call(guilds.get_settings, req.guild_id)
        role = await self._mute_role(req.guild_id, settings.mute_role_id)
        if isinstance(role, Refusal):
            return await self._act(req, CaseType.MUTE, None, refusal=role)
        at = clock.now()
        call = lambda: self.gateway.add_role(req.guild_id, req.target_id, role.id, reason=req.reason)
        return await self._act(
            req,
            CaseType.MUTE,
            call,
            at=at,
            expires_at=at + duration if duration else None,
            metadata={"role_id": role.id},
            settings=settings,
            refusal=check_mute_role(req.bot, role),
        )

    async def unmute(self, req: Request) -> Outcome:
        """Take off the role the member's mute gave (the current mute role when no mute is in force). For someone
        who left (`req.target` None) only the record changes, so coming back no longer mutes them."""
        settings = await db_call(guilds.get_settings, req.guild_id)
        muted = await db_call(cases.active_for_target, req.guild_id, req.target_id, (CaseType.MUTE,))
        if req.target is None:
            if not muted:
                return await self._act(
                    req,
                    CaseType.UNMUTE,
                    None,
                    refusal=Refusal(
                        "not_muted", "They are not in this server and have no mute in force; there is nothing to lift."
                    ),
                )
            return await self._act(
                req, CaseType.UNMUTE, None, metadata={"role_id": muted[0].metadata["role_id"]}, settings=settings
            )
        role_id = muted[0].metadata["role_id"] if muted else settings.mute_role_id
        role = await self._mute_role(req.guild_id, role_id)
        if isinstance(role, Refusal):
            if muted and role.check == "mute_role_missing":  # deleted since: nobody has it, only the record changes
                return await self._act(req, CaseType.UNMUTE, None, metadata={"role_id": role_id}, settings=settings)
            return await self._act(req, CaseType.UNMUTE, None, refusal=role)
        call = lambda: self.gateway.remove_role(req.guild_id, req.target_id, role.id, reason=req.reason)
        return await self._act(
            req,
            CaseType.UNMUTE,
            call,
            metadata={"role_id": role.id},
            settings=settings,
            refusal=check_mute_role(req.bot, role),
        )

    async def reapply_mute(self, guild_id: int, target_id: int, bot: Person) -> Case | Refusal | None:
        """A member who left while muted and came back gets the role again. The mute case stays the record (no
        new case); the audit log and the mod log say it happened, or why it could not. None: not muted."""
        found = await db_call(cases.active_for_target, guild_id, target_id, (CaseType.MUTE,), clock.now())
        if not found:
            return None
        muted = found[0]
        role = await self._mute_role(guild_id, muted.metadata["role_id"])
        refusal = role if isinstance(role, Refusal) else check_bot(CaseType.MUTE, bot) or check_mute_role(bot, role)
        if refusal is None:
            try:
                await self.gateway.add_role(
                    guild_id, target_id, role.id, reason=f"Rejoined while muted (case #{muted.number})"
                )
            except DiscordCallFailed as exc:
                refusal = Refusal("discord", f"Discord refused: {exc.text} ({exc.status})")
        entry = NewAuditEntry(
            SYSTEM,
            "mute.reapply" if refusal is None else "mute.reapply_failed",
            guild_id,
            target_id,
            refusal and refusal.reason,
            {"case_number": muted.number, "role_id": muted.metadata["role_id"]},
            muted.id,
        )
        await db_call(audit.record, entry)
        await self._post_mod_log(await db_call(guilds.get_settings, guild_id), wording.rejoin_entry(muted, refusal))
        return refusal or muted

    async def _mute_role(self, guild_id: int, role_id: int | None) -> RoleSnapshot | Refusal:
        if role_id is None:
            return Refusal(
                "no_mute_role",
                "This server has no mute role yet; set one with /settings mute-role "
                "(a role that may not send messages, below mine).",
            )
        try:
            role = await self.gateway.role(guild_id, role_id)
        except DiscordCallFailed as exc:
            return Refusal(
                "discord",
                f"Discord would not tell me about the mute role: {exc.text} ({exc.status}); "
                "nothing changed, try again shortly.",
            )
        if role is None:
            return Refusal(
                "mute_role_missing",
                f"The mute role (id {role_id}) no longer exists on this server; set one with /settings mute-role.",
            )
        return role

    async def automod_case(
        self, req: Request, call: DiscordCall | None, target_kind: TargetKind = TargetKind.USER
    ) -> Outcome:
        """An automod detection that deletes or alerts without punishing: one case, applied after `call`."""
        return await self._act(req, CaseType.AUTOMOD, call, target_kind=target_kind)

    async def purge(self, req: Request, which: PurgeFilter) -> Outcome:
        async def call():
            return {"deleted": await self.gateway.purge(req.target_id, which, reason=req.reason)}

        filters = {"requested": which.count, "author_id": which.author_id, "contains": which.contains}
        return await self._act(req, CaseType.PURGE, call, target_kind=TargetKind.CHANNEL, metadata=filters)

    async def slowmode(self, req: Request, seconds: int) -> Outcome:
        call = lambda: self.gateway.set_slowmode(req.target_id, seconds, reason=req.reason)
        return await self._act(
            req, CaseType.SLOWMODE, call, target_kind=TargetKind.CHANNEL, metadata={"seconds": seconds}
        )

    async def lock(self, req: Request, locked: bool) -> Outcome:
        kind = CaseType.LOCKDOWN if locked else CaseType.UNLOCK
        call = lambda: self.gateway.set_locked(req.target_id, locked, reason=req.reason)
        return await self._act(req, kind, call, target_kind=TargetKind.CHANNEL)

    # --- the one path every action takes ---

    async def _act(
        self,
        req: Request,
        kind: CaseType,
        call: DiscordCall | None,
        *,
        at=None,
        expires_at=None,
        target_kind: TargetKind = TargetKind.USER,
        metadata: dict | None = None,
        settings: GuildSettings | None = None,
        audit_metadata: dict | None = None,
        refusal: Refusal | None = None,
    ) -> Outcome:
        """`refusal`: what the action's own checks found (no mute role, …), told after the moderator's and the
        target's checks, which come first whatever the action."""
        if req.source_id is not None and req.source_id in self._recent_sources:
            return self._recent_sources[req.source_id]  # a resumed gateway replays events; act once
        refusal = (
            (check_moderator(kind, req.moderator) if req.moderator else None)
            or (
                check_target(kind, req.moderator, req.bot, req.target)
                if target_kind is TargetKind.USER
                else check_bot(kind, req.bot)
            )
            or refusal
        )
        if refusal:
            return refusal
        settings = settings or await db_call(guilds.get_settings, req.guild_id)
        new = NewCase(
            req.guild_id,
            kind,
            req.target_id,
            req.actor.kind,
            req.actor.id,
            req.reason,
            target_kind,
            expires_at,
            DiscordState.PENDING if call else DiscordState.NOT_NEEDED,
            {
                **(req.metadata or {}),
                **(metadata or {}),
                **({"source_id": req.source_id} if req.source_id else {}),
                **(audit_metadata or {}),
            },
            at,
        )
        case = await db_call(cases.create, new, audit_metadata=audit_metadata)
        self._remember(req.source_id, case)
        notes: list[str] = []
        if settings.dm_on_action and kind in DM_BEFORE:
            notes += await self._dm(case, req.guild_name)
        if call:
            try:
                result = await call()
            except DiscordCallFailed as exc:
                case = await db_call(cases.set_discord_state, case.id, DiscordState.FAILED, str(exc))
                refusal = Refusal(
                    "discord",
                    f"Discord refused: {exc.text} ({exc.status}). Case #{case.number} is "
                    "recorded as not done; nothing changed on Discord.",
                )
                self._remember(req.source_id, refusal)
                return refusal
            case = await db_call(cases.set_discord_state, case.id, DiscordState.APPLIED, None, result)
        await self._supersede(case)
        if settings.dm_on_action and kind in DM_AFTER:
            notes += await self._dm(case, req.guild_name)
        await self._post_mod_log(settings, wording.mod_log_entry(case))
        acted = Acted(case, tuple(notes))
        self._remember(req.source_id, acted)
        return acted

    async def _escalate(self, req: Request, warned: Acted, settings: GuildSettings) -> Outcome:
        count = await db_call(cases.active_warning_count, req.guild_id, req.target_id, clock.now())
        rung_number, rung = next(
            ((i, r) for i, r in enumerate(settings.escalation, 1) if r.warnings == count), (0, None)
        )
        if rung is None:
            return warned
        duration = timedelta(seconds=rung.duration_s) if rung.duration_s else None
        auto = replace(
            req,
            actor=SYSTEM,
            moderator=None,
            source_id=None,
            metadata=None,
            reason=f"Escalation: {plural(count, 'active warning')} (rung {rung_number}, after case #{warned.case.number})",
        )
        extra = {"escalation_rung": rung_number, "warnings": count, "trigger_case": warned.case.number}
        at = clock.now()
        if rung.action is CaseType.TIMEOUT:
            until = at + (duration or timedelta(hours=1))
            call = lambda: self.gateway.timeout(req.guild_id, req.target_id, until, reason=auto.reason)
            outcome = await self._act(
                auto, CaseType.TIMEOUT, call, at=at, expires_at=until, audit_metadata=extra, settings=settings
            )
        elif rung.action is CaseType.KICK:
            call = lambda: self.gateway.kick(req.guild_id, req.target_id, reason=auto.reason)
            outcome = await self._act(auto, CaseType.KICK, call, audit_metadata=extra, settings=settings)
        else:
            call = lambda: self.gateway.ban(req.guild_id, req.target_id, reason=auto.reason, delete_message_seconds=0)
            kind = CaseType.TEMPBAN if duration else CaseType.BAN
            outcome = await self._act(
                auto,
                kind,
                call,
                at=at,
                expires_at=at + duration if duration else None,
                audit_metadata=extra,
                settings=settings,
            )
        if isinstance(outcome, Refusal):
            return replace(warned, notes=warned.notes + (f"Escalation rung {rung_number} could not act: {outcome}",))
        return replace(warned, escalation=outcome.case, notes=warned.notes + outcome.notes)

    async def _supersede(self, case: Case) -> None:
        kind = SUPERSEDES.get(case.type)
        if kind is None:
            return
        for old in await db_call(schedule.pending_for_target, case.guild_id, case.target_id, (kind,)):
            if await db_call(schedule.cancel, old.id) and self.scheduler:
                self.scheduler.disarm(old.id)
        for older in await db_call(cases.active_for_target, case.guild_id, case.target_id, ENDS.get(case.type, ())):
            if older.id != case.id:
                await db_call(
                    cases.end,
                    older.id,
                    Actor(case.actor_kind, case.moderator_id),
                    "case.supersede",
                    f"replaced by case #{case.number}",
                )
        expiry = EXPIRY_KIND.get(case.type)
        if expiry and case.expires_at:
            payload = {"role_id": case.metadata["role_id"]} if expiry is ScheduleKind.UNMUTE else {}
            action = await db_call(
                schedule.add,
                NewScheduledAction(case.guild_id, expiry, case.expires_at, case.target_id, case.id, payload),
            )
            if self.scheduler:
                self.scheduler.arm(action)

    # --- expiries (called by the scheduler) ---

    async def run_expiry(self, action: ScheduledAction) -> Result:
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
            await self._post_mod_log(settings, wording.expiry_entry(case))
        return DONE

    async def expiry_gave_up(self, action: ScheduledAction, error: str) -> None:
        case = await db_call(cases.get_by_id, action.case_id) if action.case_id else None
        settings = await db_call(guilds.get_settings, action.guild_id)
        if case:
            await self._post_mod_log(settings, wording.expiry_failed_entry(case, action.attempts, error))

    # --- telling people ---

    async def _dm(self, case: Case, guild_name: str) -> list[str]:
        try:
            delivered = await self.gateway.direct_message(case.target_id, wording.direct_message(case, guild_name))
        except DiscordCallFailed:
            delivered = False
        return [] if delivered else ["I could not DM them (their DMs are closed); the action went ahead."]

    async def _post_mod_log(self, settings: GuildSettings, text: str) -> None:
        if not settings.mod_log_channel_id:
            return
        try:
            await self.gateway.post(settings.mod_log_channel_id, text)
        except DiscordCallFailed as exc:  # the action happened; a missing log line must not undo or hide it
            log.warning(
                "mod log post failed guild=%s channel=%s: %s", settings.guild_id, settings.mod_log_channel_id, exc
            )

    def _remember(self, source_id: int | None, outcome) -> None:
        if source_id is None:
            return
        self._recent_sources[source_id] = outcome
        if len(self._recent_sources) > 2048:
            self._recent_sources.pop(next(iter(self._recent_sources)))
