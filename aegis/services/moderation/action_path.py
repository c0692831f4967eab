"""The one path every moderation action takes: check → journal (one transaction: case, audit, outbox row,
expiry, superseded expiries cancelled) → Discord call → settle the outbox row and the case → tell people.

Whatever the Discord call raises settles the record; a call whose outcome nobody knows (a dropped connection)
stays in flight under a lease that is no longer renewed, for the reconciler to settle against Discord."""

import asyncio
from dataclasses import dataclass

from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.cases import Case, CaseType, DiscordState, NewCase, TargetKind
from aegis.domain.moderation.journal import Journaled, JournalEntry, OutboxRow, Step, StepState
from aegis.domain.moderation.schedule import ScheduleKind
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import DatabaseUnavailable, db_call
from aegis.services.moderation.checks import check_bot, check_moderator, check_target
from aegis.services.moderation.expiries import ExpiryScheduler
from aegis.services.moderation.journal import crashpoints, leases, steps
from aegis.services.moderation.notifier import Notifier
from aegis.services.moderation.request import Acted, DiscordCall, Outcome, Request
from aegis.services.ports import DiscordCallFailed, DiscordGateway
from aegis.services.wording import moderation as wording
from aegis.storage import guilds
from aegis.storage.moderation import cases, journal, schedule

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
# The older cases a new one ends: what lifts it (/unban ends the ban) or replaces it (a later timeout). A mute
# case stays active while the member should have the role, so a rejoining member gets it back.
BANS = (CaseType.BAN, CaseType.TEMPBAN)
ENDS = {
    CaseType.BAN: BANS,
    CaseType.TEMPBAN: BANS,
    CaseType.UNBAN: BANS,
    CaseType.TIMEOUT: (CaseType.TIMEOUT,),
    CaseType.UNTIMEOUT: (CaseType.TIMEOUT,),
    CaseType.MUTE: (CaseType.MUTE,),
    CaseType.UNMUTE: (CaseType.MUTE,),
}
REPLAY_WAIT_S = 10.0  # a concurrent copy of the event waits this long for the first one's outcome


@dataclass
class ActionPath:
    gateway: DiscordGateway
    notifier: Notifier
    scheduler: ExpiryScheduler | None = None

    async def act(
        self,
        req: Request,
        kind: CaseType,
        asks: tuple[Step, ...] = (),
        *,
        at=None,
        expires_at=None,
        target_kind: TargetKind = TargetKind.USER,
        metadata: dict | None = None,
        settings: GuildSettings | None = None,
        audit_metadata: dict | None = None,
        refusal: Refusal | None = None,
        recorded: DiscordCall | None = None,
    ) -> Outcome:
        """`refusal`: what the action's own checks found (no mute role, …), told after the moderator's and the
        target's checks, which come first whatever the action. `recorded`: how a `steps.recorded` step went."""
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
        entry = self._entry(req, kind, asks, at, expires_at, target_kind, metadata, audit_metadata)
        journaled = await db_call(journal.write, entry)
        if journaled.replay:
            return await self._first_outcome(journaled)
        for expiry_id in journaled.cancelled_expiry_ids:
            if self.scheduler:
                self.scheduler.disarm(expiry_id)
        crashpoints.reached("journaled", kind)
        case, notes = journaled.case, []
        dm_before = settings.dm_on_action and kind in DM_BEFORE
        if dm_before:
            notes += await self.notifier.dm(case, req.guild_name)
        failure = None
        if journaled.outbox:
            try:
                case, failure = await self.carry_out(journaled.outbox, kind, recorded)
            except DatabaseUnavailable:  # Discord was asked; its answer waits for the reconciler, not "nothing"
                return Refusal("database_after_discord", wording.unsettled(case))
        crashpoints.reached("settled", kind)
        if case.discord_state in (DiscordState.FAILED, DiscordState.PENDING):
            if dm_before and not notes and case.discord_state is DiscordState.FAILED:  # told of what did not happen
                await self.notifier.correct(case, req.guild_name)
            return refused(case, failure)
        if journaled.expiry_id and self.scheduler:
            self.scheduler.arm(await db_call(schedule.get, journaled.expiry_id))
        if settings.dm_on_action and kind in DM_AFTER:
            notes += await self.notifier.dm(case, req.guild_name)
        if case.discord_state is DiscordState.PARTIAL:
            notes.append(wording.partly_done(case))
        await self.notifier.mod_log(settings, wording.mod_log_entry(case))
        return Acted(case, tuple(notes))

    def _entry(self, req, kind, asks, at, expires_at, target_kind, metadata, audit_metadata) -> JournalEntry:
        new = NewCase(
            req.guild_id,
            kind,
            req.target_id,
            req.actor.kind,
            req.actor.id,
            req.reason,
            target_kind,
            expires_at,
            DiscordState.PENDING if asks else DiscordState.NOT_NEEDED,
            {
                **(req.metadata or {}),
                **(metadata or {}),
                **({"source_id": req.source_id} if req.source_id else {}),
                **(audit_metadata or {}),
            },
            at,
        )
        expiry = EXPIRY_KIND.get(kind)
        payload = {"role_id": new.metadata["role_id"]} if expiry is ScheduleKind.UNMUTE else {}
        return JournalEntry(
            new,
            tuple(asks),
            leases.me(),
            leases.until(),
            req.source_id,
            expiry=(expiry, payload) if expiry and expires_at else None,
            supersedes=(SUPERSEDES[kind],) if kind in SUPERSEDES else (),
            ends=ENDS.get(kind, ()),
            audit_metadata=audit_metadata,
        )

    async def carry_out(
        self, outbox: OutboxRow, kind: CaseType, recorded: DiscordCall | None = None
    ) -> tuple[Case, DiscordCallFailed | None]:
        """Every step in order, each answer kept; the first refusal stops the rest (they are not tried)."""
        done, result, failure = list(outbox.steps), {}, None
        async with leases.kept(journal.renew, outbox.id):
            for i, step in enumerate(done):
                if step.state is not StepState.PENDING:
                    continue
                try:
                    result |= await self._perform(outbox.guild_id, step, recorded) or {}
                    done[i] = step.settled(StepState.APPLIED)
                except DiscordCallFailed as exc:
                    done[i], failure = step.settled(StepState.FAILED, str(exc)), exc
                    if exc.done:  # part of it happened (a purge stopped half-way): the case says how much
                        done[i] = step.settled(StepState.PARTLY, f"{exc} after {describe_done(exc.done)}")
                        result |= exc.done
                except Exception:  # no answer (dropped connection, timeout, a bug): the reconciler finds out
                    await db_call(journal.progress, outbox.id, tuple(done), expire_lease=True)
                    return (await db_call(journal.case_of, outbox.id)), None
                crashpoints.reached(f"answered:{step.call}", kind)
                if failure:
                    done[i + 1 :] = [
                        s.settled(StepState.FAILED, "not tried: an earlier step failed") for s in done[i + 1 :]
                    ]
                    break
                if i < len(done) - 1:
                    await db_call(journal.progress, outbox.id, tuple(done))
            return (await db_call(journal.settle, outbox.id, tuple(done), result or None)), failure

    async def _perform(self, guild_id: int, step: Step, recorded: DiscordCall | None) -> dict | None:
        return await (recorded() if step.call == "recorded" else steps.perform(self.gateway, guild_id, step))

    async def _first_outcome(self, journaled: Journaled) -> Outcome:
        """A replay acts on nothing: the first delivery's outcome, once it has settled (a concurrent copy)."""
        case = journaled.case
        waited = 0.0
        while case.discord_state is DiscordState.PENDING and waited < REPLAY_WAIT_S:
            await asyncio.sleep(0.1)
            waited += 0.1
            case = await db_call(cases.get_by_id, case.id)
        if case.discord_state is DiscordState.FAILED:
            return refused(case, None)
        return Acted(case, replayed=True)


def describe_done(done: dict) -> str:
    return ", ".join(f"{value} {key}" for key, value in done.items())


def refused(case: Case, failure: DiscordCallFailed | None) -> Refusal:
    if case.discord_state is DiscordState.PENDING:
        return Refusal("discord_unanswered", wording.unanswered(case))
    said = f"{failure.text} ({failure.status})" if failure else (case.discord_error or "no reason given")
    return Refusal(
        "discord",
        f"Discord refused: {said}. Case #{case.number} is recorded as not done; nothing changed on Discord.",
    )
