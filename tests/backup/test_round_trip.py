"""Backup then restore gives back every row of every table, on each backend and across them, and the
database carries on numbering cases and ids where it left off."""

from pathlib import Path

import pytest

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.services.backup.reader import verify
from aegis.services.backup.restore import restore
from aegis.services.backup.writer import take_backup
from aegis.storage import migrations
from aegis.storage import models as m
from aegis.storage.moderation import cases
from tests.backup.backup_support import BIG, KEY, contents, migrated, opened, seed

ALL_MIGRATIONS = tuple(sorted(p.stem for p in migrations.migrations_dir().glob("[0-9][0-9][0-9]_*.py")))


def assert_carries_on(url: str, before: dict) -> None:
    """A new case gets its guild's next number, and new rows new ids, with no clash with restored ones."""
    db = opened(url)
    case = cases.create(NewCase(BIG + 1, CaseType.NOTE, BIG + 100, ActorKind.MODERATOR, BIG + 7, "after restore"))
    max_case_id = max(row[0] for row in before["mod_case"])
    numbers = [row[2] for row in before["mod_case"] if row[1] == BIG + 1]
    assert (case.number, case.id) == (max(numbers) + 1, max_case_id + 1)
    assert m.AuditEntry.select().where(m.AuditEntry.case == case.id).count() == 1
    assert migrations.status(db).clean
    db.close()


def test_round_trip_on_this_backend(database_url, empty_database_url, tmp_path):
    seed(database_url)
    before = contents(database_url)
    result = take_backup(database_url, tmp_path / "a.aegisbak", key=KEY)
    assert result.manifest.total_rows == sum(len(rows) for rows in before.values())
    assert verify(result.path, key=KEY).manifest.total_rows == result.manifest.total_rows

    restored = restore(empty_database_url, result.path, safety_dir=tmp_path, key=KEY)
    assert restored.safety_backup is None and restored.migrated == ()
    assert contents(empty_database_url) == before
    assert_carries_on(empty_database_url, before)


def test_restore_over_an_empty_migrated_database_needs_no_force(database_url, fresh_url, tmp_path):
    seed(database_url)
    archive = take_backup(database_url, tmp_path / "a.aegisbak", key=KEY).path
    target = fresh_url()
    restore(target, archive, safety_dir=tmp_path / "safety", key=KEY)
    assert contents(target) == contents(database_url)
    assert not (tmp_path / "safety").exists()


@pytest.mark.parametrize("direction", ["sqlite_to_postgres", "postgres_to_sqlite"])
def test_round_trip_across_backends(direction, postgres_url, postgres_server, tmp_path):
    sqlite_url = migrated(f"sqlite:///{tmp_path / 'aegis.db'}")
    source, target = (sqlite_url, postgres_url) if direction == "sqlite_to_postgres" else (postgres_url, sqlite_url)
    seed(source)
    empty_target = postgres_server.create("across") if target == postgres_url else f"sqlite:///{tmp_path / 'to.db'}"
    before = contents(source)

    archive = take_backup(source, tmp_path / "a.aegisbak", key=KEY).path
    restore(empty_target, archive, safety_dir=tmp_path, key=KEY)

    assert contents(empty_target) == before
    assert_carries_on(empty_target, before)


def test_back_and_forth_gives_the_same_bytes(database_url, empty_database_url, tmp_path):
    seed(database_url)
    first = take_backup(database_url, tmp_path / "1.aegisbak", key=KEY).manifest
    restore(empty_database_url, tmp_path / "1.aegisbak", safety_dir=tmp_path, key=KEY)
    second = take_backup(empty_database_url, tmp_path / "2.aegisbak", key=KEY).manifest
    assert [(t.name, t.rows, t.sha256) for t in second.tables] == [(t.name, t.rows, t.sha256) for t in first.tables]


def test_an_archive_from_before_the_migrations_is_brought_up_to_date(empty_database_url, fresh_url, tmp_path):
    """The oldest schema there is (no migrations at all) restores, then the migrations run on it."""
    opened(empty_database_url).close()
    archive = take_backup(empty_database_url, tmp_path / "old.aegisbak", key=KEY)
    assert archive.manifest.migrations == () and archive.manifest.tables == ()

    target = fresh_url()
    result = restore(target, archive.path, safety_dir=tmp_path, key=KEY)
    assert result.migrated == tuple(migrations.status(opened(target)).applied) == ALL_MIGRATIONS
    assert all(rows == [] for table, rows in contents(target).items() if table != migrations.MIGRATE_TABLE)


def test_the_manifest_describes_the_database(database_url, tmp_path):
    seed(database_url, guilds=2, cases_per_guild=4)
    manifest = take_backup(database_url, tmp_path / "a.aegisbak", key=KEY).manifest
    import aegis

    assert manifest.aegis_version == aegis.__version__
    assert manifest.migrations == ALL_MIGRATIONS
    assert manifest.source_backend == ("postgres" if database_url.startswith("postgres") else "sqlite")
    assert manifest.table("mod_case").rows == 8 and manifest.table("audit_entry").rows == 8
    assert manifest.tables[0].name == migrations.MIGRATE_TABLE
    names = [t.name for t in manifest.tables]
    assert names.index("guild") < names.index("mod_case") < names.index("audit_entry")
    assert Path(tmp_path / "a.aegisbak").stat().st_size > 0


def schema_of(url: str) -> dict:
    db = opened(url)
    found = {}
    for table in sorted(db.get_tables()):
        found[table] = (
            sorted((c.name, c.null, c.primary_key, c.data_type.lower()) for c in db.get_columns(table)),
            sorted((i.name, tuple(i.columns), i.unique) for i in db.get_indexes(table)),
            sorted((f.column, f.dest_table, f.dest_column) for f in db.get_foreign_keys(table)),
        )
    db.close()
    return found


def test_restore_leaves_the_schema_exactly_as_the_migrations_make_it(database_url, fresh_url, tmp_path):
    """Postgres restores take indexes and foreign keys off during the load; they must all come back."""
    seed(database_url)
    archive = take_backup(database_url, tmp_path / "a.aegisbak", key=KEY).path
    target = fresh_url("target")
    restore(target, archive, safety_dir=tmp_path, key=KEY)
    assert schema_of(target) == schema_of(fresh_url("reference"))


def test_a_sqlite_database_not_in_wal_mode_is_copied_with_the_online_backup_api(tmp_path):
    import sqlite3

    url = migrated(f"sqlite:///{tmp_path / 'rollback-journal.db'}")
    seed(url)
    before = contents(url)  # opening it the Aegis way puts it in WAL mode, so switch afterwards
    raw = sqlite3.connect(tmp_path / "rollback-journal.db")
    assert raw.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    archive = take_backup(url, tmp_path / "a.aegisbak", key=KEY).path
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    raw.close()
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    restore(target, archive, safety_dir=tmp_path, key=KEY)
    assert contents(target) == before
