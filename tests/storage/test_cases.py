import multiprocessing
import threading
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.cases import CaseType, DiscordState, NewCase
from aegis.storage import models as m
from aegis.storage.database import bind, open_database
from aegis.storage.moderation import audit, cases

GUILD, OTHER_GUILD, TARGET, MOD = 1001, 1002, 2001, 3001


def warn(guild=GUILD, target=TARGET, **kw) -> NewCase:
    return NewCase(guild, CaseType.WARN, target, ActorKind.MODERATOR, MOD, reason="spam", **kw)


def test_case_numbers_are_per_guild_and_start_at_one(db):
    numbers = [cases.create(warn()).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert cases.create(warn(guild=OTHER_GUILD)).number == 1


def test_a_case_and_its_audit_entry_are_written_together(db):
    case = cases.create(warn())
    [entry] = audit.page(audit.AuditFilter(case_id=case.id))
    assert (entry.action, entry.actor_kind, entry.actor_id, entry.target_id) == (
        "case.create",
        ActorKind.MODERATOR,
        MOD,
        TARGET,
    )
    assert entry.metadata["case_number"] == 1


def test_a_failed_write_gives_its_number_back(db):
    cases.create(warn())
    with pytest.raises(TypeError):  # the metadata does not serialise
        cases.create(NewCase(GUILD, CaseType.WARN, TARGET, ActorKind.MODERATOR, MOD, metadata={"x": object()}))
    assert cases.create(warn()).number == 2
    assert m.Case.select().count() == 2 and m.AuditEntry.select().count() == 2


def test_warning_counts_respect_expiry_and_pardon(db):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with freeze_time(start):
        cases.create(warn(expires_at=start + timedelta(days=1)))
        cases.create(warn())
        third = cases.create(warn())
    assert cases.active_warning_count(GUILD, TARGET, start + timedelta(hours=1)) == 3
    assert cases.active_warning_count(GUILD, TARGET, start + timedelta(days=2)) == 2
    cases.pardon(GUILD, third.number, Actor.moderator(MOD), "appealed")
    assert cases.active_warning_count(GUILD, TARGET, start + timedelta(days=2)) == 1
    assert cases.get(GUILD, third.number).pardon_reason == "appealed"


def test_editing_a_reason_keeps_who_when_and_the_old_text(db):
    case = cases.create(warn())
    with freeze_time("2026-02-02 12:00:00"):
        edited = cases.edit_reason(GUILD, case.number, Actor.moderator(4004), "posted scam links")
    assert edited.reason == "posted scam links"
    assert edited.reason_edited_by == 4004
    assert edited.reason_edited_at == datetime(2026, 2, 2, 12, tzinfo=UTC)
    newest = audit.page(audit.AuditFilter(case_id=case.id))[0]
    assert newest.action == "case.reason" and newest.metadata["previous_reason"] == "spam"


def test_unknown_case_numbers_are_none(db):
    assert cases.get(GUILD, 99) is None
    assert cases.pardon(GUILD, 99, Actor.moderator(MOD), "x") is None


def test_failed_discord_state_deactivates_the_case(db):
    case = cases.create(NewCase(GUILD, CaseType.BAN, TARGET, ActorKind.MODERATOR, MOD))
    failed = cases.set_discord_state(case.id, DiscordState.FAILED, "403 Missing Permissions")
    assert failed.discord_state is DiscordState.FAILED and not failed.active
    assert failed.discord_error == "403 Missing Permissions"


def test_member_history_is_paged_newest_first(db):
    for _ in range(5):
        cases.create(warn())
    cases.create(warn(target=9999))
    first = cases.for_target(GUILD, TARGET, limit=3)
    assert [c.number for c in first] == [5, 4, 3]
    assert [c.number for c in cases.for_target(GUILD, TARGET, before_number=3, limit=3)] == [2, 1]


def test_concurrent_writers_in_threads_never_repeat_or_skip(db):
    per_thread, threads = 15, 6

    def write():  # one Database per process; peewee gives each thread its own connection
        with db.connection_context():
            for _ in range(per_thread):
                cases.create(warn())

    workers = [threading.Thread(target=write) for _ in range(threads)]
    [w.start() for w in workers]
    [w.join() for w in workers]
    numbers = sorted(c.number for c in m.Case.select(m.Case.number).where(m.Case.guild == GUILD))
    assert numbers == list(range(1, per_thread * threads + 1))


def _write_cases_in_another_process(url: str, count: int) -> None:
    db = bind(open_database(url))
    with db.connection_context():
        for _ in range(count):
            cases.create(warn())


def test_concurrent_writers_in_several_processes_on_postgres(postgres_url):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_cases_in_another_process, args=(postgres_url, 25)) for _ in range(4)]
    [p.start() for p in procs]
    [p.join(60) for p in procs]
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    db = bind(open_database(postgres_url))
    numbers = sorted(c.number for c in m.Case.select(m.Case.number).where(m.Case.guild == GUILD))
    db.close()
    assert numbers == list(range(1, 101))
