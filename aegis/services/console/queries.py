"""Lists the console shows, each with the names (guilds, members, moderators) beside its ids."""

from dataclasses import dataclass
from typing import Generic, TypeVar

from aegis.domain.members import Names
from aegis.domain.moderation.audit import AuditEntry
from aegis.domain.moderation.cases import Case, CaseStatus, UnreadableCase, status_of
from aegis.domain.moderation.schedule import ScheduledAction
from aegis.domain.records import AutomodEvent
from aegis.services.automod.settings import parse_settings
from aegis.storage import console
from aegis.storage.console import SCAN_WINDOW, AuditQuery, CaseFilter, Page

__all__ = ["AuditQuery", "CaseFilter", "CaseStatus", "Page", "SCAN_WINDOW", "status_of"]
AnyCase = Case | UnreadableCase
T = TypeVar("T")


@dataclass(frozen=True)
class Named(Generic[T]):
    page: Page[T]
    names: Names


def cases_page(f: CaseFilter, cursor: int | None = None, *, limit: int = 100) -> Named[AnyCase]:
    page = console.cases_page(f, cursor, limit=limit)
    return Named(page, _names_of_cases(page.items))


def case(case_id: int) -> AnyCase | None:
    return console.case_by_id(case_id)


def _names_of_cases(items: list[AnyCase]) -> Names:
    users = {c.target_id for c in items} | {c.moderator_id for c in items}
    return console.names({c.guild_id for c in items}, {u for u in users if u is not None})


def audit_page(q: AuditQuery, cursor: int | None = None, *, limit: int = 100) -> Named[AuditEntry]:
    page = console.audit_page(q, cursor, limit=limit)
    return Named(page, _names_of_entries(page.items))


def audit_newer(q: AuditQuery, after_id: int) -> tuple[list[AuditEntry], Names]:
    entries = console.audit_newer(q, after_id)
    return entries, _names_of_entries(entries)


def _names_of_entries(entries: list[AuditEntry]) -> Names:
    users = {e.target_id for e in entries} | {e.actor_id for e in entries}
    return console.names({e.guild_id for e in entries if e.guild_id}, {u for u in users if u is not None})


def case_trail(case_id: int) -> list[AuditEntry]:
    return console.case_trail(case_id)


@dataclass(frozen=True)
class Schedules:
    pending: list[ScheduledAction]
    failed: list[ScheduledAction]
    case_numbers: dict[int, int]  # case id -> the number moderators know it by
    names: Names


def schedules() -> Schedules:
    found = console.schedules()
    both = found.pending + found.failed
    numbers = console.case_numbers({a.case_id for a in both if a.case_id is not None})
    users = {a.target_id for a in both if a.target_id is not None}
    return Schedules(found.pending, found.failed, numbers, console.names({a.guild_id for a in both}, users))


@dataclass(frozen=True)
class DryRun:
    guild_id: int
    guild_name: str
    rules: tuple[str, ...]  # "*" when the whole of automod is in dry run


@dataclass(frozen=True)
class AutomodView:
    events: list[AutomodEvent]
    dry_runs: list[DryRun]
    names: Names


def automod() -> AutomodView:
    events = console.automod_events()
    runs = [DryRun(g.guild_id, g.guild_name, dry_run_rules(g.automod)) for g in console.automod_settings()]
    users = {e.user_id for e in events if e.user_id is not None}
    names = console.names({e.guild_id for e in events}, users)
    return AutomodView(events, [d for d in runs if d.rules], names)


def dry_run_rules(settings: dict | None) -> tuple[str, ...]:
    """Read with automod's own parser (which never raises), so the console and the engine agree."""
    parsed = parse_settings(settings).settings
    if not parsed.enabled:
        return ()
    if parsed.dry_run:
        return ("*",)
    return tuple(sorted(name for name, rule in parsed.rules.items() if rule.enabled and rule.dry_run))


def guild_names(guild_ids: set[int]) -> dict[int, str]:
    return console.names(guild_ids, set()).guilds
