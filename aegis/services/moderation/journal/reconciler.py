"""Settles every outbox row left in flight (its process died, or could not tell what Discord did) against what
Discord says is true: a step Discord shows done is marked done, one it shows not done is tried again, one it
cannot tell about is tried again when repeating it is harmless and marked failed otherwise. Each decision is an
audit entry (`outbox.reconcile`). Runs at start, before expiries are loaded, and then periodically."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from aegis.domain.moderation.journal import OutboxRow, Step, StepState
from aegis.services.dbcall import db_call
from aegis.services.moderation.expiries import ExpiryScheduler
from aegis.services.moderation.journal import leases, steps
from aegis.services.ports import DiscordCallFailed, DiscordGateway
from aegis.storage.moderation import journal, schedule

log = logging.getLogger("aegis.reconciler")
EVERY_S = 30.0


@dataclass
class Reconciler:
    gateway: DiscordGateway
    scheduler: ExpiryScheduler | None = None
    owns_guild: Callable[[int], bool] = lambda _: True

    async def run_once(self) -> int:
        settled = 0
        for row in await db_call(journal.in_flight):
            if not self.owns_guild(row.guild_id) or not leases.is_dead(row.owner, row.lease_until):
                continue
            if not await db_call(journal.take_over, row.id, row.owner, leases.me(), leases.until()):
                continue  # another process took it first
            try:
                await self._settle(row)
                settled += 1
            except Exception:  # Discord or the database unreachable: the row stays in flight for the next run
                log.exception("could not reconcile outbox row %s; will try again", row.id)
        if settled:
            log.info("reconciled outbox rows=%d", settled)
        return settled

    async def run_forever(self, every_s: float = EVERY_S) -> None:
        while True:
            await asyncio.sleep(every_s)
            try:
                await self.run_once()
            except Exception:
                log.exception("reconciling failed; will try again")

    async def _settle(self, row: OutboxRow) -> None:
        done, decided, result = list(row.steps), [], {}
        for i, step in enumerate(done):
            if step.state is not StepState.PENDING:
                continue
            done[i], how = await self._decide(row.guild_id, step)
            decided.append(f"{step.call}: {how}")
            if done[i].state is StepState.FAILED:
                rest = done[i + 1 :]
                done[i + 1 :] = [s.settled(StepState.FAILED, "not tried: an earlier step failed") for s in rest]
                break
        case = await db_call(journal.settle, row.id, tuple(done), result or None, "; ".join(decided))
        log.info("outbox %s case #%s settled %s (%s)", row.id, case.number, case.discord_state, "; ".join(decided))
        if self.scheduler and case.discord_state.value in ("applied", "partial") and row.undo.expiry_id:
            action = await db_call(schedule.get, row.undo.expiry_id)
            if action and action.state.value == "pending":
                self.scheduler.arm(action)

    async def _decide(self, guild_id: int, step: Step) -> tuple[Step, str]:
        try:
            shown = await steps.is_done(self.gateway, guild_id, step)
        except DiscordCallFailed as exc:
            shown = None
            log.warning("could not ask Discord about %s: %s", step.call, exc)
        if shown:
            return step.settled(StepState.APPLIED), "Discord shows it done"
        if shown is None and not steps.can_repeat(step):
            reason = "interrupted, and Discord cannot say whether it happened; not repeated"
            return step.settled(StepState.FAILED, reason), reason
        try:
            await steps.perform(self.gateway, guild_id, step)
        except DiscordCallFailed as exc:
            return step.settled(StepState.FAILED, str(exc)), f"tried again, Discord refused: {exc}"
        return step.settled(StepState.APPLIED), "not done yet: tried again, done"
