"""Every moderation action, whoever asks. Each action says what it asks of Discord; the action path
(`action_path`) checks, records and acts, the notifier tells people, `escalation` fires warning rungs, and the
expiry runner lifts what has run out."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from aegis import clock
from aegis.domain.durations import timeout_end
from aegis.domain.moderation.cases import Case, CaseType, TargetKind
from aegis.domain.moderation.schedule import ScheduledAction
from aegis.domain.records import InvalidRequests
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.moderation.action_path import ActionPath
from aegis.services.moderation.checks import Person, check_mute_role
from aegis.services.moderation.escalation import escalate
from aegis.services.moderation.expiries import ExpiryScheduler, Result
from aegis.services.moderation.expiry_runner import ExpiryRunner
from aegis.services.moderation.journal import steps
from aegis.services.moderation.journal.reconciler import Reconciler
from aegis.services.moderation.mutes import mute_role, reapply_mute
from aegis.services.moderation.notifier import Notifier
from aegis.services.moderation.request import Acted, DiscordCall, Outcome, Request
from aegis.services.ports import DiscordGateway, PurgeFilter
from aegis.services.wording import ratelimit as ratelimit_wording
from aegis.storage import guilds
from aegis.storage.moderation import cases

__all__ = ["Acted", "ModerationService", "Outcome", "Request"]
NOT_MUTED = Refusal("not_muted", "They are not in this server and have no mute in force; there is nothing to lift.")


@dataclass
class ModerationService:
    gateway: DiscordGateway
    notifier: Notifier = field(init=False)
    path: ActionPath = field(init=False)
    expiry: ExpiryRunner = field(init=False)
    reconciler: Reconciler = field(init=False)
    # set while Discord's invalid-request count is past the pause threshold: mass work (purge) is refused
    hold_mass_work: Callable[[], InvalidRequests | None] = lambda: None

    def __post_init__(self):
        self.notifier = Notifier(self.gateway)
        self.path = ActionPath(self.gateway, self.notifier)
        self.expiry = ExpiryRunner(self.gateway, self.notifier)
        self.reconciler = Reconciler(self.gateway)

    @property
    def scheduler(self) -> ExpiryScheduler | None:
        return self.path.scheduler

    @scheduler.setter
    def scheduler(self, scheduler: ExpiryScheduler | None) -> None:
        self.path.scheduler = self.reconciler.scheduler = scheduler

    async def warn(self, req: Request) -> Outcome:
        settings = await db_call(guilds.get_settings, req.guild_id)
        expires = clock.now() + timedelta(seconds=settings.warning_lifetime_s) if settings.warning_lifetime_s else None
        outcome = await self.path.act(req, CaseType.WARN, expires_at=expires, settings=settings)
        if isinstance(outcome, Acted) and not outcome.replayed:
            outcome = await escalate(self.path, req, outcome, settings)
        return outcome

    async def note(self, req: Request) -> Outcome:
        return await self.path.act(req, CaseType.NOTE)

    async def timeout(self, req: Request, duration: timedelta) -> Outcome:
        at = clock.now()
        until = timeout_end(at, duration)
        return await self.path.act(
            req, CaseType.TIMEOUT, (steps.timeout(req.target_id, until, req.reason),), at=at, expires_at=until
        )

    async def untimeout(self, req: Request) -> Outcome:
        return await self.path.act(req, CaseType.UNTIMEOUT, (steps.timeout(req.target_id, None, req.reason),))

    async def kick(self, req: Request) -> Outcome:
        return await self.path.act(req, CaseType.KICK, (steps.kick(req.target_id, req.reason),))

    async def ban(self, req: Request, duration: timedelta | None = None, delete_message_seconds: int = 0) -> Outcome:
        at = clock.now()
        return await self.path.act(
            req,
            CaseType.TEMPBAN if duration else CaseType.BAN,
            (steps.ban(req.target_id, req.reason, delete_message_seconds),),
            at=at,
            expires_at=at + duration if duration else None,
            metadata={"delete_message_seconds": delete_message_seconds},
        )

    async def softban(self, req: Request, delete_message_seconds: int = 86400) -> Outcome:
        # ban to delete their messages, then unban at once: a kick that cleans up (two steps in the journal)
        asks = (steps.ban(req.target_id, req.reason, delete_message_seconds), steps.unban(req.target_id, req.reason))
        metadata = {"delete_message_seconds": delete_message_seconds}
        return await self.path.act(req, CaseType.SOFTBAN, asks, metadata=metadata)

    async def unban(self, req: Request) -> Outcome:
        return await self.path.act(req, CaseType.UNBAN, (steps.unban(req.target_id, req.reason),))

    async def mute(self, req: Request, duration: timedelta | None = None) -> Outcome:
        """Give the guild's mute role, until `duration` is over or, with None, until /unmute."""
        settings = await db_call(guilds.get_settings, req.guild_id)
        role = await mute_role(self.gateway, req.guild_id, settings.mute_role_id)
        if isinstance(role, Refusal):
            return await self.path.act(req, CaseType.MUTE, refusal=role)
        at = clock.now()
        return await self.path.act(
            req,
            CaseType.MUTE,
            (steps.add_role(req.target_id, role.id, req.reason),),
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
                return await self.path.act(req, CaseType.UNMUTE, refusal=NOT_MUTED)
            metadata = {"role_id": muted[0].metadata["role_id"]}
            return await self.path.act(req, CaseType.UNMUTE, metadata=metadata, settings=settings)
        role_id = muted[0].metadata["role_id"] if muted else settings.mute_role_id
        role = await mute_role(self.gateway, req.guild_id, role_id)
        if isinstance(role, Refusal):
            if muted and role.check == "mute_role_missing":  # deleted since: nobody has it, only the record changes
                return await self.path.act(req, CaseType.UNMUTE, metadata={"role_id": role_id}, settings=settings)
            return await self.path.act(req, CaseType.UNMUTE, refusal=role)
        return await self.path.act(
            req,
            CaseType.UNMUTE,
            (steps.remove_role(req.target_id, role.id, req.reason),),
            metadata={"role_id": role.id},
            settings=settings,
            refusal=check_mute_role(req.bot, role),
        )

    async def automod_case(
        self, req: Request, call: DiscordCall | None, target_kind: TargetKind = TargetKind.USER
    ) -> Outcome:
        """An automod detection that deletes or alerts without punishing: one case; `call` tells how the
        (already batched) delete went."""
        asks = (steps.recorded("automod delete"),) if call else ()
        return await self.path.act(req, CaseType.AUTOMOD, asks, target_kind=target_kind, recorded=call)

    async def purge(self, req: Request, which: PurgeFilter) -> Outcome:
        if (spent := self.hold_mass_work()) is not None:
            return Refusal("invalid_requests", ratelimit_wording.purge_paused(spent))
        filters = {"requested": which.count, "author_id": which.author_id, "contains": which.contains}
        ask = steps.purge(req.target_id, which, req.reason)
        return await self.path.act(req, CaseType.PURGE, (ask,), target_kind=TargetKind.CHANNEL, metadata=filters)

    async def slowmode(self, req: Request, seconds: int) -> Outcome:
        ask = steps.slowmode(req.target_id, seconds, req.reason)
        metadata = {"seconds": seconds}
        return await self.path.act(req, CaseType.SLOWMODE, (ask,), target_kind=TargetKind.CHANNEL, metadata=metadata)

    async def lock(self, req: Request, locked: bool) -> Outcome:
        kind = CaseType.LOCKDOWN if locked else CaseType.UNLOCK
        ask = steps.lock(req.target_id, locked, req.reason)
        return await self.path.act(req, kind, (ask,), target_kind=TargetKind.CHANNEL)

    async def reapply_mute(self, guild_id: int, target_id: int, bot: Person) -> Case | Refusal | None:
        return await reapply_mute(self.gateway, self.notifier, guild_id, target_id, bot)

    # --- expiries (called by the scheduler) ---

    async def run_expiry(self, action: ScheduledAction) -> Result:
        return await self.expiry.run(action)

    async def expiry_gave_up(self, action: ScheduledAction, error: str) -> None:
        await self.expiry.gave_up(action, error)
