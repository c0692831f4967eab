"""The one path every moderation action takes: check → record (case + audit) → act on Discord → settle."""

from dataclasses import dataclass, field

from aegis.domain.actors import Actor
from aegis.domain.cases import Case, CaseType, DiscordState, NewCase, TargetKind
from aegis.domain.guilds import GuildSettings
from aegis.domain.refusals import Refusal
from aegis.domain.schedule import NewScheduledAction, ScheduleKind
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_bot, check_moderator, check_target
from aegis.services.moderation.expiries import ExpiryScheduler
from aegis.services.moderation.notifier import Notifier
from aegis.services.moderation.request import Acted, DiscordCall, Outcome, Request
from aegis.services.ports import DiscordCallFailed
from aegis.services.wording import moderation as wording
from aegis.storage import cases, guilds, schedule

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


@dataclass
class ActionPath:
    notifier: Notifier
    scheduler: ExpiryScheduler | None = None
    _recent_sources: dict[int, Outcome] = field(default_factory=dict)

    async def act(
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
            notes += await self.notifier.dm(case, req.guild_name)
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
            notes += await self.notifier.dm(case, req.guild_name)
        await self.notifier.mod_log(settings, wording.mod_log_entry(case))
        acted = Acted(case, tuple(notes))
        self._remember(req.source_id, acted)
        return acted

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

    def _remember(self, source_id: int | None, outcome) -> None:
        if source_id is None:
            return
        self._recent_sources[source_id] = outcome
        if len(self._recent_sources) > 2048:
            self._recent_sources.pop(next(iter(self._recent_sources)))
