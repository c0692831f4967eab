"""The read side for moderators: a member's warnings and history, one case; and the two record edits."""

from dataclasses import dataclass

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.moderation.cases import Case, CaseType
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_privilege
from aegis.services.wording import records as words
from aegis.storage.moderation import cases

PAGE = 10
MODERATE_MEMBERS = "moderate_members"  # who may read and amend the record, asked again whatever Discord let through


@dataclass(frozen=True)
class Page:
    cases: tuple[Case, ...]
    number: int
    has_more: bool
    active_warnings: int


async def member_cases(
    guild_id: int, member_id: int, page: int = 1, warnings_only: bool = False, *, actor: Actor | None = None
) -> Page | Refusal:
    """`actor` None: a reader with no Discord permissions to check (the console, a test)."""
    if actor is not None and (refusal := check_privilege(actor, MODERATE_MEMBERS, words.READING)):
        return refusal
    types = (CaseType.WARN,) if warnings_only else ()
    # Members have few cases; reading up to the page asked for keeps this a single indexed range scan.
    found = await db_call(cases.for_target, guild_id, member_id, types=types, limit=page * PAGE + 1)
    active = await db_call(cases.active_warning_count, guild_id, member_id, clock.now())
    return Page(tuple(found[(page - 1) * PAGE : page * PAGE]), page, len(found) > page * PAGE, active)


async def case(guild_id: int, number: int, *, actor: Actor | None = None) -> Case | Refusal:
    if actor is not None and (refusal := check_privilege(actor, MODERATE_MEMBERS, words.READING)):
        return refusal
    found = await db_call(cases.get, guild_id, number)
    return found or unknown_case(number)


async def pardon(guild_id: int, number: int, actor: Actor, reason: str) -> Case | Refusal:
    if refusal := check_privilege(actor, MODERATE_MEMBERS, "pardon a warning"):
        return refusal
    found = await db_call(cases.get, guild_id, number)
    refusal = pardon_refusal(found, number)
    if refusal is not None:
        return refusal
    return await db_call(cases.pardon, guild_id, number, actor, reason)


def pardon_refusal(found: Case | None, number: int) -> Refusal | None:
    """Why this case cannot be pardoned, or None: the one rule, for the slash command and the console."""
    if found is None:
        return unknown_case(number)
    if found.type is not CaseType.WARN:
        return Refusal("not_a_warning", words.not_a_warning(number, found.type.value))
    if found.pardoned:
        return Refusal("already_pardoned", words.already_pardoned(number))
    return None


async def edit_reason(guild_id: int, number: int, actor: Actor, reason: str) -> Case | Refusal:
    if refusal := check_privilege(actor, MODERATE_MEMBERS, "change a case's reason"):
        return refusal
    edited = await db_call(cases.edit_reason, guild_id, number, actor, reason)
    return edited or unknown_case(number)


def unknown_case(number: int) -> Refusal:
    return Refusal("unknown_case", words.unknown_case(number))
