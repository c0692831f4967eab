import json

import peewee as pw
import pytest

from aegis.storage import migrations
from aegis.storage.database import bind, open_database
from aegis.storage.models import ALL_MODELS

TABLES = {model._meta.table_name for model in ALL_MODELS}


def schema_of(db: pw.Database) -> dict:
    """Tables → columns (name, nullability, primary key, data type) and indexes (columns, uniqueness)."""
    schema = {}
    for table in sorted(set(db.get_tables()) & TABLES):
        columns = {(c.name, c.null, c.primary_key, c.data_type.lower()) for c in db.get_columns(table)}
        indexes = {(tuple(i.columns), i.unique) for i in db.get_indexes(table)}
        foreign_keys = {(f.column, f.dest_table, f.dest_column) for f in db.get_foreign_keys(table)}
        schema[table] = (columns, indexes, foreign_keys)
    return schema


@pytest.fixture
def empty_db(empty_database_url):
    db = bind(open_database(empty_database_url))
    db.connect()
    yield db
    db.close()


def test_apply_rollback_apply_round_trip(empty_db):
    every = sorted(p.stem for p in migrations.migrations_dir().glob("[0-9][0-9][0-9]_*.py"))
    assert every[:2] == ["001_initial", "002_raids_and_limits"]
    assert list(migrations.status(empty_db).pending) == every
    applied = migrations.apply(empty_db)
    assert applied == every
    assert set(empty_db.get_tables()) >= TABLES
    assert migrations.status(empty_db).clean

    migrations.rollback(empty_db, steps=len(applied))
    assert not TABLES & set(empty_db.get_tables())
    assert migrations.status(empty_db).applied == ()

    assert migrations.apply(empty_db) == applied
    assert set(empty_db.get_tables()) >= TABLES


def test_migrated_schema_matches_the_models(empty_db, tmp_path, postgres_server):
    migrations.apply(empty_db)
    if postgres_server:
        reference_url = postgres_server.create("models")
    else:
        reference_url = f"sqlite:///{tmp_path / 'models.db'}"
    reference = open_database(reference_url)
    reference.connect()
    with reference.bind_ctx(ALL_MODELS):
        reference.create_tables(ALL_MODELS)
    assert schema_of(empty_db) == schema_of(reference)
    reference.close()


def test_rolling_back_more_than_applied_is_refused_and_changes_nothing(empty_db):
    applied = migrations.apply(empty_db)
    with pytest.raises(migrations.MigrationError, match=f"only {len(applied)} migration"):
        migrations.rollback(empty_db, steps=len(applied) + 1)
    assert migrations.status(empty_db).clean


def test_a_database_from_a_newer_aegis_is_not_migrated(empty_db):
    migrations.apply(empty_db)
    empty_db.execute_sql(
        f"INSERT INTO {migrations.MIGRATE_TABLE} (name, migrated_at) VALUES ('999_from_the_future', CURRENT_TIMESTAMP)"
    )
    assert migrations.status(empty_db).unknown == ("999_from_the_future",)
    with pytest.raises(migrations.MigrationError, match="newer Aegis"):
        migrations.apply(empty_db)


def test_every_migration_has_a_rollback():
    for path in sorted(migrations.migrations_dir().glob("[0-9][0-9][0-9]_*.py")):
        source = path.read_text()
        body = source.split("def rollback(", 1)[1]
        assert "remove_model" in body or "migrator." in body, f"{path.name} has an empty rollback"


def test_002_keeps_the_data_of_001_both_ways(empty_db):
    """A database from the first release gains raid tables and rate-limit overrides without losing a row."""
    migrations.apply(empty_db, target="001_initial")
    empty_db.execute_sql("INSERT INTO guild (id, name, last_case_number, joined_at) VALUES (1, 'g', 0, '2026-01-01')")
    empty_db.execute_sql(
        "INSERT INTO guild_settings (guild_id, dm_on_action, escalation, automod, exempt_role_ids, exempt_channel_ids,"
        " locale, version, updated_at) VALUES (1, true, '[]', '{}', '[]', '[]', 'en-US', 3, '2026-01-01')"
    )
    assert migrations.apply(empty_db, target="002_raids_and_limits") == ["002_raids_and_limits"]
    assert empty_db.execute_sql("SELECT version, rate_limits FROM guild_settings").fetchall() == [(3, "{}")]
    assert {"raid", "raid_member"} <= set(empty_db.get_tables())

    migrations.rollback(empty_db, steps=1)
    assert not {"raid", "raid_member"} & set(empty_db.get_tables())
    assert "rate_limits" not in {c.name for c in empty_db.get_columns("guild_settings")}
    assert empty_db.execute_sql("SELECT version FROM guild_settings").fetchall() == [(3,)]


def test_005_adds_the_clean_stop_to_heartbeats_and_takes_it_away(empty_db):
    migrations.apply(empty_db, target="004_discord_audit_entries")
    empty_db.execute_sql(
        "INSERT INTO bot_heartbeat (instance_id, hostname, pid, shard_ids, version, started_at, heartbeat_at)"
        " VALUES ('h:1', 'h', 1, '[0]', '0.1.0', '2026-01-01', '2026-01-01')"
    )
    assert migrations.apply(empty_db, target="005_heartbeat_stopped") == ["005_heartbeat_stopped"]
    assert empty_db.execute_sql("SELECT instance_id, stopped_at FROM bot_heartbeat").fetchall() == [("h:1", None)]
    migrations.rollback(empty_db, steps=1)
    assert "stopped_at" not in {c.name for c in empty_db.get_columns("bot_heartbeat")}
    assert empty_db.execute_sql("SELECT instance_id FROM bot_heartbeat").fetchall() == [("h:1",)]


def test_008_makes_each_guilds_settings_its_first_revision_and_rolls_back(empty_db):
    migrations.apply(empty_db, target="002_raids_and_limits")
    empty_db.execute_sql("INSERT INTO guild (id, name, last_case_number, joined_at) VALUES (1, 'g', 0, '2026-01-01')")
    empty_db.execute_sql(
        "INSERT INTO guild_settings (guild_id, dm_on_action, escalation, automod, exempt_role_ids, exempt_channel_ids,"
        " locale, version, updated_at, rate_limits, mute_role_id) VALUES"
        " (1, true, '[]', '{}', '[5]', '[]', 'en-GB', 3, '2026-01-01', '{}', 77)"
    )
    migrations.apply(empty_db, target="008_settings_history")
    rows = empty_db.execute_sql("SELECT guild_id, version, settings, action FROM settings_revision").fetchall()
    assert [(r[0], r[1], r[3]) for r in rows] == [(1, 3, "settings.baseline")]
    saved = json.loads(rows[0][2])
    assert (saved["locale"], saved["mute_role_id"], saved["exempt_role_ids"], saved["dm_on_action"]) == (
        "en-GB",
        77,
        [5],
        True,
    )

    migrations.rollback(empty_db, steps=1)
    assert "settings_revision" not in empty_db.get_tables()
    assert "forget_keeps_cases" not in {c.name for c in empty_db.get_columns("guild_settings")}
    assert empty_db.execute_sql("SELECT version, locale FROM guild_settings").fetchall() == [(3, "en-GB")]


def test_rolling_back_the_action_journal_leaves_002s_schema(empty_db):
    migrations.apply(empty_db, target="003_action_journal")
    assert {"outbox_action", "action_source"} <= set(empty_db.get_tables())
    migrations.rollback(empty_db, steps=1)
    assert not {"outbox_action", "action_source"} & set(empty_db.get_tables())
    assert not {"owner", "lease_until"} & {c.name for c in empty_db.get_columns("scheduled_action")}
    assert "end_reason" not in {c.name for c in empty_db.get_columns("mod_case")}
    assert migrations.apply(empty_db, target="003_action_journal") == ["003_action_journal"]


def test_004_adds_the_audit_entry_table_and_takes_it_away(empty_db):
    names = sorted(path.stem for path in migrations.migrations_dir().glob("[0-9][0-9][0-9]_*.py"))
    migrations.apply(empty_db, target=names[names.index("004_discord_audit_entries") - 1])
    empty_db.execute_sql("INSERT INTO guild (id, name, last_case_number, joined_at) VALUES (1, 'g', 0, '2026-01-01')")
    assert migrations.apply(empty_db, target="004_discord_audit_entries") == ["004_discord_audit_entries"]
    empty_db.execute_sql(
        "INSERT INTO discord_audit_entry (id, guild_id, action_type, seen_at) VALUES (9, 1, 22, '2026-01-01')"
    )
    with pytest.raises(pw.IntegrityError):  # one entry, one record: the id is the key
        empty_db.execute_sql(
            "INSERT INTO discord_audit_entry (id, guild_id, action_type, seen_at) VALUES (9, 1, 22, '2026-01-01')"
        )
    migrations.rollback(empty_db, steps=1)
    assert "discord_audit_entry" not in set(empty_db.get_tables())
    assert empty_db.execute_sql("SELECT name FROM guild").fetchall() == [("g",)]


def test_009_adds_log_channels_and_the_message_store_and_rolls_back(empty_db):
    migrations.apply(empty_db, target="008_settings_history")
    empty_db.execute_sql("INSERT INTO guild (id, name, last_case_number, joined_at) VALUES (1, 'g', 0, '2026-01-01')")
    empty_db.execute_sql(
        "INSERT INTO guild_settings (guild_id, dm_on_action, escalation, automod, exempt_role_ids, exempt_channel_ids,"
        " locale, version, updated_at, rate_limits, forget_keeps_cases, retention) VALUES"
        " (1, true, '[]', '{}', '[]', '[]', 'en-GB', 3, '2026-01-01', '{}', true, '{}')"
    )
    migrations.apply(empty_db, target="009_event_logs")
    assert empty_db.execute_sql("SELECT version, logs FROM guild_settings").fetchall() == [(3, "{}")]
    assert "logged_message" in empty_db.get_tables()

    migrations.rollback(empty_db, steps=1)
    assert "logged_message" not in empty_db.get_tables()
    assert "logs" not in {c.name for c in empty_db.get_columns("guild_settings")}
    assert empty_db.execute_sql("SELECT version, locale FROM guild_settings").fetchall() == [(3, "en-GB")]
