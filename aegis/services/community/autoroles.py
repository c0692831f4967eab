"""Autoroles: roles a member gets on joining, at once or after a delay, and optionally only once they passed the
server's membership screening. A delayed role is a scheduled action, so it survives restarts; whoever left before
it was due gets nothing, and the role is checked against Aegis's position again when it is given."""

import logging
from dataclasses import replace
from datetime import timedelta

from aegis import clock
from aegis.domain.actors import SYSTEM, Actor
from aegis.domain.durations import BadDuration, parse_duration
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduledAction, ScheduleKind
from aegis.domain.refusals import Refusal
from aegis.services.community.givable import GivableRole, MemberNow, check_givable
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import Person, check_privilege
from aegis.services.moderation.expiries import DONE, Failed, Result, Retry
from aegis.services.ports import DiscordCallFailed
from aegis.services.wording.community import autoroles as words
from aegis.storage import guilds
from aegis.storage.moderation import audit, schedule

log = logging.getLogger("aegis.autoroles")
MAX_DELAY = timedelta(days=28)
MAX_AUTOROLES = 10
MANAGE_ROLES = "manage_roles"


async def add(
    guild_id: int, actor: Actor, role: GivableRole, bot: Person, after: str | None = None, after_screening: bool = False
) -> GuildSettings | Refusal:
    if refusal := check_privilege(actor, MANAGE_ROLES, words.CHANGING) or check_givable(bot, role):
        return refusal
    delay = timedelta(0)
    if after is not None:
        delay = parse_duration(after, maximum=MAX_DELAY)
        if isinstance(delay, BadDuration):
            return Refusal("duration", str(delay))
    rule = {"role_id": role.id, "delay_s": int(delay.total_seconds()), "after_screening": after_screening}

    def change(current: GuildSettings):
        others = tuple(r for r in current.autoroles if r["role_id"] != role.id)
        if len(others) >= MAX_AUTOROLES:
            return Refusal("autoroles_full", words.full(MAX_AUTOROLES))
        return replace(current, autoroles=(*others, rule)), "autorole.add", {"autorole": rule}

    return await db_call(guilds.update_settings, guild_id, actor, change)


async def remove(guild_id: int, actor: Actor, role_id: int) -> GuildSettings | Refusal:
    if refusal := check_privilege(actor, MANAGE_ROLES, words.CHANGING):
        return refusal

    def change(current: GuildSettings):
        kept = tuple(r for r in current.autoroles if r["role_id"] != role_id)
        if len(kept) == len(current.autoroles):
            return Refusal("no_autorole", words.NOT_ONE)
        return replace(current, autoroles=kept), "autorole.remove", {"role_id": role_id}

    return await db_call(guilds.update_settings, guild_id, actor, change)


async def show(guild_id: int, actor: Actor) -> tuple[dict, ...] | Refusal:
    return check_privilege(actor, MANAGE_ROLES, words.READING) or await listing(guild_id)


async def listing(guild_id: int) -> tuple[dict, ...]:
    return (await db_call(guilds.get_settings, guild_id)).autoroles


class AutoroleGiver:
    """Gives autoroles on join (or once screening is passed), schedules the delayed ones, and runs them when due.
    `scheduler` arms new actions at once in this process; without one they are found by the scheduler's watch."""

    def __init__(self, gateway, scheduler=None):
        self.gateway = gateway
        self.scheduler = scheduler

    async def joined(self, guild_id: int, member: MemberNow) -> None:
        await self._start(guild_id, member, screening_passed=False)

    async def passed_screening(self, guild_id: int, member: MemberNow) -> None:
        await self._start(guild_id, member, screening_passed=True)

    async def left(self, guild_id: int, user_id: int) -> None:
        """Delays still running for someone who left are cancelled: rejoining starts them afresh."""
        for action in await db_call(schedule.pending_for_target, guild_id, user_id, (ScheduleKind.AUTOROLE,)):
            if await db_call(schedule.cancel, action.id) and self.scheduler:
                self.scheduler.disarm(action.id)

    async def _start(self, guild_id: int, member: MemberNow, *, screening_passed: bool) -> None:
        for rule in await listing(guild_id):
            if rule["after_screening"] and member.pending:
                continue  # given when they pass it
            if screening_passed and not rule["after_screening"]:
                continue  # already started when they joined
            if rule["delay_s"] <= 0:
                if (result := await self._give(guild_id, member.id, rule["role_id"])) is not DONE:
                    log.warning("guild=%s member=%s: autorole %s not given: %s", guild_id, member.id, rule, result)
            else:
                await self._schedule(guild_id, member.id, rule)

    async def _schedule(self, guild_id: int, user_id: int, rule: dict) -> None:
        due = clock.now() + timedelta(seconds=rule["delay_s"])
        new = NewScheduledAction(guild_id, ScheduleKind.AUTOROLE, due, user_id, payload={"role_id": rule["role_id"]})
        action = await db_call(schedule.add, new)
        if self.scheduler:
            self.scheduler.arm(action)

    async def run(self, action: ScheduledAction) -> Result:
        """The scheduler's runner for AUTOROLE: the member must still be here and the role still an autorole."""
        role_id = action.payload["role_id"]
        if not any(r["role_id"] == role_id for r in await listing(action.guild_id)):
            return DONE  # removed from the autoroles meanwhile
        return await self._give(action.guild_id, action.target_id, role_id)

    async def _give(self, guild_id: int, user_id: int, role_id: int) -> Result:
        try:
            member = await self.gateway.member(guild_id, user_id)
            if member is None or role_id in member.role_ids:
                return DONE  # left before it was due, or has it already
            role = await self.gateway.givable_role(guild_id, role_id)
            if role is None:
                return Failed(words.role_gone(role_id))
            if refusal := check_givable(await self.gateway.bot_member(guild_id), role):
                return Failed(refusal.reason)
            await self.gateway.add_role(guild_id, user_id, role_id, reason=words.AUDIT_REASON)
        except DiscordCallFailed as exc:
            return Retry(str(exc)) if exc.status >= 500 or exc.status == 429 else Failed(str(exc))
        entry = NewAuditEntry(SYSTEM, "autorole.give", guild_id, target_id=user_id, metadata={"role_id": role_id})
        await db_call(audit.record, entry)
        return DONE
