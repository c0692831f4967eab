"""/announce: a moderator's post to a channel, now or at a time, once or repeating. A later or repeating post is a
scheduled action (kind announce), so it survives restarts and is posted once at its time. @everyone pings only
when the moderator asks for it and has Mention Everyone."""

from datetime import UTC, datetime, timedelta

from aegis import clock
from aegis.domain.actors import SYSTEM, Actor
from aegis.domain.durations import BadDuration, parse_duration
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduledAction, ScheduleKind
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_privilege
from aegis.services.moderation.expiries import DONE, Failed, Result, Retry
from aegis.services.ports import DiscordCallFailed
from aegis.services.wording.community import announcements as words
from aegis.storage.moderation import audit, schedule

MANAGE_MESSAGES = "manage_messages"
MENTION_EVERYONE = "mention_everyone"
MAX_TEXT = 2000
FURTHEST = timedelta(days=366)
SHORTEST_REPEAT = timedelta(hours=1)


def when_from(text: str, now: datetime) -> datetime | Refusal:
    """`2h`, `in 2h`, `1d12h` from now, or a UTC date and time such as 2026-12-24 18:00."""
    cleaned = text.strip().removeprefix("in ").strip()
    length = parse_duration(cleaned, maximum=FURTHEST)
    if not isinstance(length, BadDuration):
        return now + length
    try:
        at = datetime.fromisoformat(cleaned)
    except ValueError:
        return Refusal("announce_at", words.bad_time(text))
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    if at <= now:
        return Refusal("announce_past", words.in_the_past(at))
    if at > now + FURTHEST:
        return Refusal("announce_far", words.too_far(at))
    return at


class Announcer:
    """Posts announcements now, schedules the later ones, and runs them when due. `scheduler` arms new actions at
    once in this process."""

    def __init__(self, gateway, scheduler=None):
        self.gateway = gateway
        self.scheduler = scheduler

    async def announce(
        self,
        guild_id: int,
        actor: Actor,
        channel_id: int,
        text: str,
        at: str | None = None,
        repeat: str | None = None,
        everyone: bool = False,
    ):
        if refusal := self._check(actor, text, everyone):
            return refusal
        repeat_s = None
        if repeat is not None:
            every = parse_duration(repeat, maximum=FURTHEST)
            if isinstance(every, BadDuration):
                return Refusal("duration", str(every))
            if every < SHORTEST_REPEAT:
                return Refusal("announce_repeat", words.REPEAT_TOO_OFTEN)
            repeat_s = int(every.total_seconds())
        now = clock.now()
        due = now if at is None else when_from(at, now)
        if isinstance(due, Refusal):
            return due
        payload = {"channel_id": channel_id, "text": text, "everyone": everyone, "repeat_s": repeat_s}
        if at is None and repeat_s is None:
            return await self._post(guild_id, actor, payload)
        action = await db_call(schedule.add, NewScheduledAction(guild_id, ScheduleKind.ANNOUNCE, due, payload=payload))
        await db_call(
            audit.record,
            NewAuditEntry(
                actor,
                "announce.schedule",
                guild_id,
                metadata={"schedule_id": action.id, **payload, "due_at": due.isoformat()},
            ),
        )
        if self.scheduler:
            self.scheduler.arm(action)
        return action

    async def pending(self, guild_id: int, actor: Actor) -> list[ScheduledAction] | Refusal:
        if refusal := check_privilege(actor, MANAGE_MESSAGES, words.ANNOUNCING):
            return refusal
        found = await db_call(schedule.pending, guild_ids={guild_id})
        return [a for a in found if a.kind is ScheduleKind.ANNOUNCE]

    async def cancel(self, guild_id: int, actor: Actor, action_id: int) -> ScheduledAction | Refusal:
        if refusal := check_privilege(actor, MANAGE_MESSAGES, words.ANNOUNCING):
            return refusal
        action = await db_call(schedule.get, action_id)
        if action is None or action.guild_id != guild_id or action.kind is not ScheduleKind.ANNOUNCE:
            return Refusal("no_announcement", words.no_announcement(action_id))
        if not await db_call(schedule.cancel, action_id):
            return Refusal("no_announcement", words.not_pending(action_id))
        if self.scheduler:
            self.scheduler.disarm(action_id)
        await db_call(
            audit.record, NewAuditEntry(actor, "announce.cancel", guild_id, metadata={"schedule_id": action_id})
        )
        return action

    async def run(self, action: ScheduledAction) -> Result:
        """The scheduler's runner for ANNOUNCE: post, then schedule the next one of a repeating announcement."""
        posted = await self._post(action.guild_id, SYSTEM, action.payload, schedule_id=action.id)
        if isinstance(posted, Retry | Failed):
            return posted
        if repeat_s := action.payload.get("repeat_s"):
            step = timedelta(seconds=repeat_s)
            due = action.due_at + step
            while due <= clock.now():  # a bot that was down long skips the missed ones rather than post them all
                due += step
            new = NewScheduledAction(action.guild_id, ScheduleKind.ANNOUNCE, due, payload=action.payload)
            following = await db_call(schedule.add, new)
            if self.scheduler:
                self.scheduler.arm(following)
        return DONE

    def _check(self, actor: Actor, text: str, everyone: bool) -> Refusal | None:
        if refusal := check_privilege(actor, MANAGE_MESSAGES, words.ANNOUNCING):
            return refusal
        if everyone and (refusal := check_privilege(actor, MENTION_EVERYONE, words.PINGING)):
            return refusal
        if not text.strip() or len(text) > MAX_TEXT:
            return Refusal("announce_text", words.bad_text(MAX_TEXT))
        return None

    async def _post(self, guild_id: int, actor: Actor, payload: dict, schedule_id: int | None = None):
        try:
            await self.gateway.announce(payload["channel_id"], payload["text"], payload["everyone"])
        except DiscordCallFailed as exc:
            if exc.status >= 500 or exc.status == 429:
                return Retry(str(exc))
            return Failed(str(exc)) if schedule_id else Refusal("announce_post", words.not_posted(str(exc)))
        details = {"channel_id": payload["channel_id"], "everyone": payload["everyone"], "schedule_id": schedule_id}
        await db_call(audit.record, NewAuditEntry(actor, "announce.post", guild_id, metadata=details))
        return payload
