"""Where a Discord user appears in what Aegis stores, and taking them out of it.

One table of (table, column) pairs says where a user id can stand; export, forget and the deletion ledger all
read it, so a new table that holds user ids is added here once and every one of them knows."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from aegis.storage import models as m
from aegis.storage.session import database

# Columns that hold a user id. `mod_case.target_id` holds a channel id for channel cases (purge, lock): those
# rows are never matched, as no user shares a channel's id.
USER_COLUMNS: dict[type[pw.Model], tuple[str, ...]] = {
    m.User: ("id",),
    m.Member: ("user",),
    m.Case: ("target_id", "moderator_id", "pardoned_by", "reason_edited_by"),
    m.AuditEntry: ("actor_id", "target_id"),
    m.ScheduledAction: ("target_id",),
    m.AutomodEvent: ("user_id",),
    m.RaidMember: ("user_id",),
    m.Raid: ("started_by_id", "ended_by_id"),
    m.CustomCommand: ("created_by",),
    m.SettingsRevision: ("actor_id",),
    m.LoggedMessage: ("author_id",),
}


def rows_naming(user_id: int, guild_id: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row that names the user, table by table, as plain column → value dicts."""
    found = {}
    for model, columns in USER_COLUMNS.items():
        query = model.select().where(_naming(model, columns, user_id))
        if guild_id is not None:
            query = _in_guild(query, model, guild_id)
        found[model._meta.table_name] = [_plain(row) for row in query.order_by(model._meta.primary_key)]
    return found


def user_ids() -> Iterator[int]:
    """Every user id that stands anywhere in the database (for the deletion ledger's re-apply after a restore)."""
    seen: set[int] = set()
    for model, columns in USER_COLUMNS.items():
        for column in columns:
            field_ = getattr(model, column)
            for (value,) in model.select(field_).where(field_.is_null(False)).distinct().tuples().iterator():
                if value and value not in seen:
                    seen.add(value)
                    yield value


@dataclass
class Removal:
    removed: dict[str, int] = field(default_factory=dict)  # rows deleted, by table
    anonymised: dict[str, int] = field(default_factory=dict)  # rows kept with the user's id taken out, by table
    kept_cases: int = 0  # cases against them kept by their guilds' policy

    def add(self, counts: dict[str, int], table: str, n: int) -> None:
        if n:
            counts[table] = counts.get(table, 0) + n


def forget(user_id: int, keep_cases_in: frozenset[int] = frozenset()) -> Removal:
    """Take the user out of every table in one transaction. Cases against them in `keep_cases_in` guilds stay as
    the fact of moderation (type, number, dates, reason), with the evidence (metadata) gone; so do the audit
    entries and expiries that belong to those cases. Everything else that names them is deleted, and where they
    acted on others (as a moderator, a tag's author) their id is taken out of the row."""
    report = Removal()
    with database().atomic():
        kept = _keep_cases(user_id, keep_cases_in)
        report.kept_cases = len(kept)
        C, A, S = m.Case, m.AuditEntry, m.ScheduledAction
        if kept:
            report.add(report.anonymised, "mod_case", C.update(metadata={}).where(C.id.in_(kept)).execute())
        against = (C.target_id == user_id) & (C.target_kind == "user") & C.id.not_in(kept or [0])
        _delete(report, S, (S.target_id == user_id) & (S.case.is_null() | S.case.not_in(kept or [0])))
        _delete(report, A, (A.target_id == user_id) & (A.case.is_null() | A.case.not_in(kept or [0])))
        _delete(report, C, against)
        for model, column in (
            (m.AutomodEvent, "user_id"),
            (m.RaidMember, "user_id"),
            (m.Member, "user"),
            (m.LoggedMessage, "author_id"),
        ):
            _delete(report, model, getattr(model, column) == user_id)
        _delete(report, m.User, m.User.id == user_id)
        for column in ("moderator_id", "pardoned_by", "reason_edited_by"):
            _anonymise(report, C, column, user_id)
        _anonymise(report, A, "actor_id", user_id)
        _anonymise(report, m.Raid, "started_by_id", user_id)
        _anonymise(report, m.Raid, "ended_by_id", user_id)
        _anonymise(report, m.SettingsRevision, "actor_id", user_id)
        _anonymise(report, m.CustomCommand, "created_by", user_id, to=0)  # not null: 0 is "nobody"
    return report


def guilds_naming(user_id: int) -> set[int]:
    C = m.Case
    query = C.select(C.guild).where((C.target_id == user_id) & (C.target_kind == "user")).distinct()
    return {row.guild_id for row in query}


def _keep_cases(user_id: int, guild_ids: frozenset[int]) -> list[int]:
    if not guild_ids:
        return []
    C = m.Case
    where = (C.target_id == user_id) & (C.target_kind == "user") & C.guild.in_(list(guild_ids))
    return [row.id for row in C.select(C.id).where(where)]


def _delete(report: Removal, model: type[pw.Model], where) -> None:
    report.add(report.removed, model._meta.table_name, model.delete().where(where).execute())


def _anonymise(report: Removal, model: type[pw.Model], column: str, user_id: int, to: int | None = None) -> None:
    field_ = getattr(model, column)
    n = model.update({field_: to}).where(field_ == user_id).execute()
    report.add(report.anonymised, model._meta.table_name, n)


def _naming(model: type[pw.Model], columns: tuple[str, ...], user_id: int):
    where = None
    for column in columns:
        clause = getattr(model, column) == user_id
        if model is m.Case and column == "target_id":
            clause &= m.Case.target_kind == "user"
        where = clause if where is None else where | clause
    return where


def _in_guild(query, model: type[pw.Model], guild_id: int):
    if model is m.User:
        return query
    if model is m.RaidMember:
        return query.join(m.Raid).where(m.Raid.guild == guild_id)
    column = getattr(model, "guild", None) or model.guild_id
    return query.where(column == guild_id)


def _plain(row: pw.Model) -> dict[str, Any]:
    return {f.column_name: row.__data__.get(f.name) for f in row._meta.sorted_fields}
