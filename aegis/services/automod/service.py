"""What Aegis does with a triggered automod verdict: record it, delete the burst, act through the moderation
service (same checks, cases, audit and escalation as a moderator), and count it.

The engine runs on the gateway loop for every message; only triggered verdicts arrive here.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from aegis import clock
from aegis.domain.actors import AUTOMOD
from aegis.domain.records import AutomodEvent
from aegis.domain.refusals import Refusal
from aegis.services.automod import Action, Verdict
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import Person
from aegis.services.moderation.service import Acted, ModerationService, Outcome, Request
from aegis.services.ports import DiscordCallFailed
from aegis.services.ratelimit.pacing import DeleteBatcher, Pacer
from aegis.services.stats.counters import CounterBatch
from aegis.storage.records import activity

log = logging.getLogger("aegis.services.automod")
PUNISHMENTS = {Action.WARN, Action.TIMEOUT, Action.KICK, Action.BAN}
# Several rules trip on one flood (eight copies are both a message rate and duplicates): while a member's
# incident is open, another rule's verdict of no greater severity joins it instead of opening a second case.
INCIDENT_MERGE_S = 60.0


@dataclass(frozen=True, slots=True)
class Detection:
    """Where the verdicts came from. `channel_id`/`message_id` None for a join."""

    guild_id: int
    guild_name: str
    user_id: int
    target: Person | None
    bot: Person
    channel_id: int | None = None
    message_id: int | None = None


class AutomodService:
    def __init__(
        self, moderation: ModerationService, pacer: Pacer, *, gather_s: float = 0.25, monotonic=clock.monotonic
    ) -> None:
        self.moderation = moderation
        self.pacer = pacer
        self.deletes = DeleteBatcher(moderation.gateway, pacer, gather_s)
        self.counters = CounterBatch()
        self._monotonic = monotonic
        self._open: dict[tuple[int, int], tuple[float, int]] = {}  # (guild, user) -> (open until, severity)

    async def handle(self, where: Detection, verdicts: list[Verdict]) -> list[AutomodEvent]:
        """Verdicts of one message or join, most severe first. The incident bookkeeping happens before the
        first await, so verdicts handled in arrival order merge even while earlier ones are still acting."""
        live = [v for v in verdicts if not v.dry_run]
        acting = self._acting_verdict(where, live)
        deleted = await self._delete(where, live) if where.channel_id is not None else None
        outcome = await self._act(where, acting, deleted) if acting is not None else None
        case_id = outcome.case.id if isinstance(outcome, Acted) else None
        self.counters.add(
            where.guild_id,
            detections=len(verdicts),
            actions=int(isinstance(outcome, Acted) or bool(deleted and deleted[0])),
        )
        events = []
        for verdict in verdicts:
            taken = _taken(verdict, verdict is acting, outcome, deleted)
            event = AutomodEvent(
                where.guild_id,
                verdict.rule,
                verdict.action.value,
                taken,
                verdict.reason,
                verdict.matched[:500],
                where.user_id,
                where.channel_id,
                where.message_id,
                dict(verdict.counts),
                verdict.dry_run,
                case_id if verdict is acting else None,
            )
            events.append(await db_call(activity.add_automod_event, event))
        return events

    def _acting_verdict(self, where: Detection, live: list[Verdict]) -> Verdict | None:
        now = self._monotonic()
        for verdict in live:
            if not verdict.new_incident or verdict.action is Action.NONE:
                continue
            key = (where.guild_id, where.user_id)
            until, severity = self._open.get(key, (0.0, -1))
            if now < until and verdict.severity <= severity:
                self._open[key] = (now + INCIDENT_MERGE_S, severity)
                return None
            self._open[key] = (now + INCIDENT_MERGE_S, verdict.severity)
            if len(self._open) > 10_000:
                self._open = {k: v for k, v in self._open.items() if v[0] > now}
            return verdict
        return None

    async def _delete(self, where: Detection, live: list[Verdict]) -> tuple[int, str | None] | None:
        ids = {i for v in live for i in v.delete_message_ids}
        if not ids:
            return None
        reason = f"Automod: {live[0].rule}"
        try:
            return await self.deletes.delete(where.guild_id, where.channel_id, ids, reason), None
        except Exception as exc:
            log.warning("automod delete failed guild=%s channel=%s: %s", where.guild_id, where.channel_id, exc)
            return 0, str(exc)

    async def _act(self, where: Detection, verdict: Verdict, deleted) -> Outcome:
        metadata = {
            "rule": verdict.rule,
            "matched": verdict.matched[:500],
            "counts": dict(verdict.counts),
            "reason": verdict.reason,
            "message_ids": list(verdict.related_message_ids[-50:]),
        }
        if deleted is not None:
            metadata["deleted"] = deleted[0]
        req = Request(
            where.guild_id,
            where.guild_name,
            AUTOMOD,
            None,
            where.bot,
            where.user_id,
            where.target,
            f"Automod ({verdict.rule}): {verdict.reason}"[:512],
            where.message_id,
            metadata,
        )
        if verdict.action in PUNISHMENTS:
            if not await self.pacer.wait(where.guild_id):
                return Refusal("rate_limited", "automod_actions bucket full; no action taken")
            if verdict.action is Action.WARN:
                return await self.moderation.warn(req)
            if verdict.action is Action.TIMEOUT:
                return await self.moderation.timeout(req, timedelta(seconds=verdict.timeout_seconds or 600))
            if verdict.action is Action.KICK:
                return await self.moderation.kick(req)
            return await self.moderation.ban(req)
        # delete or alert: one automod case; the mod log hears of it
        call = _delete_done(deleted) if deleted is not None else None
        return await self.moderation.automod_case(req, call)

    async def flush_counters(self) -> int:
        return await self.counters.flush()


def _delete_done(deleted: tuple[int, str | None]):
    async def call():  # the delete already ran (batched); the case records how it went
        if deleted[1] is not None:
            raise DiscordCallFailed(0, 0, deleted[1])
        return {"deleted": deleted[0]}

    return call


def _taken(verdict: Verdict, acting: bool, outcome: Outcome | None, deleted) -> str:
    if verdict.dry_run:
        return "none"
    if acting and isinstance(outcome, Refusal):
        return f"failed: {outcome.reason}"[:64]
    if acting and isinstance(outcome, Acted):
        return verdict.action.value
    if deleted is not None and deleted[1] is not None:
        return f"failed: {deleted[1]}"[:64]
    return "delete" if verdict.delete_message_ids else "none"
