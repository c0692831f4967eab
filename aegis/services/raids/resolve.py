"""/raid resolve: ban, kick or release every cohort member not resolved yet, one at a time at the pace the guild's
`automod_actions` bucket allows (waiting as long as it takes), each recorded on the member's cohort row so that
resolving again never acts twice on the same member; members it failed on stay open for the next try."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aegis.domain.actors import Actor
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.raids import CohortMember, Raid, RaidResolution
from aegis.domain.refusals import Refusal
from aegis.services.automod.rules import JoinRateSettings
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import Person
from aegis.services.moderation.service import Acted, ModerationService, Request
from aegis.services.ports import DiscordCallFailed
from aegis.services.raids.actions import tell_moderators
from aegis.services.ratelimit.pacing import Pacer
from aegis.services.wording import checks as check_words
from aegis.services.wording import raids as words
from aegis.storage import raids
from aegis.storage.moderation import audit

PROGRESS_EVERY = 25  # members between two progress reports
NEEDS = {
    RaidResolution.BAN: "ban_members",
    RaidResolution.KICK: "kick_members",
    RaidResolution.RELEASE: "moderate_members",
}


@dataclass(frozen=True)
class Resolver:
    """Who resolves, and how each cohort member looks in the guild now (None: not in it any more)."""

    guild_id: int
    guild_name: str
    moderator: Person
    bot: Person
    member: Callable[[int], Awaitable[Person | None]]  # asks Discord when the cache does not know them


@dataclass(frozen=True, slots=True)
class Resolved:
    raid: Raid
    resolution: RaidResolution
    total: int  # members this run took on
    done: int
    failed: tuple[tuple[int, str], ...]  # (user id, why), in cohort order

    @property
    def finished(self) -> bool:
        return self.done + len(self.failed) == self.total


Progress = Callable[[Resolved], Awaitable[None]]


async def resolve_cohort(
    moderation: ModerationService,
    pacer: Pacer,
    raid: Raid,
    resolution: RaidResolution,
    who: Resolver,
    settings: JoinRateSettings,
    progress: Progress | None = None,
) -> Resolved | Refusal:
    needed = NEEDS[resolution]
    if not who.moderator.can(needed):
        return Refusal("moderator_permission", check_words.moderator_lacks(needed, words.resolving(resolution)))
    pending = await db_call(raids.members, raid.id, unresolved_only=True)
    if not pending:
        return Refusal("nothing_left", words.nothing_left(raid))
    state = Resolved(raid, resolution, len(pending), 0, ())
    if progress:
        await progress(state)
    reason = f"Raid #{raid.id} resolved by {who.moderator.mention}"
    for n, member in enumerate(pending, 1):
        error = await _resolve_one(moderation, pacer, member, resolution, who, settings, reason)
        await db_call(raids.resolve_member, raid.id, member.user_id, resolution, error)
        if error is None:
            state = Resolved(raid, resolution, state.total, state.done + 1, state.failed)
        else:
            state = Resolved(raid, resolution, state.total, state.done, state.failed + ((member.user_id, error),))
        if progress and n % PROGRESS_EVERY == 0 and n < state.total:
            await progress(state)
    await db_call(
        audit.record,
        NewAuditEntry(
            Actor.moderator(who.moderator.id),
            "raid.resolve",
            raid.guild_id,
            reason=reason,
            metadata={
                "raid_id": raid.id,
                "resolution": resolution.value,
                "members": state.total,
                "done": state.done,
                "failed": len(state.failed),
            },
        ),
    )
    text = words.resolved(raid, resolution, who.moderator.id, state.done, len(state.failed))
    await tell_moderators(moderation.gateway, raid.guild_id, text)
    return state


async def _resolve_one(
    moderation: ModerationService,
    pacer: Pacer,
    member: CohortMember,
    resolution: RaidResolution,
    who: Resolver,
    settings: JoinRateSettings,
    reason: str,
) -> str | None:
    """None when done, else why not."""
    if resolution is RaidResolution.RELEASE:
        return await _release(moderation, pacer, member, who.guild_id, settings, reason)
    target = await who.member(member.user_id)
    if resolution is RaidResolution.KICK and target is None:
        return words.NOT_IN_SERVER
    await pacer.wait(who.guild_id, max_wait_s=None)
    req = Request(
        who.guild_id,
        who.guild_name,
        Actor.moderator(who.moderator.id),
        who.moderator,
        who.bot,
        member.user_id,
        target,
        reason,
    )
    outcome = await (moderation.ban(req) if resolution is RaidResolution.BAN else moderation.kick(req))
    return None if isinstance(outcome, Acted) else outcome.reason


async def _release(
    moderation: ModerationService,
    pacer: Pacer,
    member: CohortMember,
    guild_id: int,
    settings: JoinRateSettings,
    reason: str,
) -> str | None:
    """Lifts what raid mode did: the timeout, or the hold role. Kicked, alerted or failed members hold nothing."""
    gateway = moderation.gateway
    if member.handled not in ("timeout", "hold"):
        return None
    if member.handled == "hold" and not settings.hold_role_id:
        return "no hold role set (join_rate hold_role_id) to take away"
    await pacer.wait(guild_id, max_wait_s=None)
    try:
        if member.handled == "timeout":
            await gateway.timeout(guild_id, member.user_id, None, reason=reason)
        else:
            await gateway.remove_role(guild_id, member.user_id, settings.hold_role_id, reason=reason)
    except DiscordCallFailed as exc:
        if exc.status == 404:  # they left (or the role is gone): nothing holds them any more
            return None
        return str(exc)
    return None
