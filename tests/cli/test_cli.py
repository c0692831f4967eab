import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from aegis.cli import main
from aegis.domain.actors import OPERATOR
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.storage.moderation import audit
from tests.conftest import ALL_MIGRATIONS


def run(*args, env=None, input=None):
    result = CliRunner().invoke(main, list(args), env=env or {}, input=input, catch_exceptions=False)
    return result


def every_command(group=main, path=()):
    yield path
    for name, command in getattr(group, "commands", {}).items():
        yield from every_command(command, path + (name,))


@pytest.mark.parametrize("path", list(every_command()), ids=lambda p: " ".join(p) or "aegis")
def test_every_command_explains_itself_with_an_example(path):
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_python_dash_m_aegis_is_the_same_command():
    out = subprocess.run([sys.executable, "-m", "aegis", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("aegis, version ")


def test_init_writes_config_and_database_then_refuses_to_overwrite(tmp_path):
    result = run("init", "--path", str(tmp_path / "srv"), env={"AEGIS_DATABASE_URL": None})
    assert result.exit_code == 0, result.output
    config = tmp_path / "srv" / "aegis.toml"
    assert config.is_file() and (tmp_path / "srv" / "aegis.db").is_file()
    assert f"applied {len(ALL_MIGRATIONS)} migration(s)" in result.output and "Next:" in result.output

    config.write_text(config.read_text() + "\n# my edits\n")
    again = run("init", "--path", str(tmp_path / "srv"), env={"AEGIS_DATABASE_URL": None})
    assert again.exit_code == 1
    assert "already exists; pass --force" in again.output
    assert "# my edits" in config.read_text()

    forced = run("init", "--path", str(tmp_path / "srv"), "--force", env={"AEGIS_DATABASE_URL": None})
    assert forced.exit_code == 0 and "already up to date" in forced.output
    assert "# my edits" not in config.read_text()

    status = run("--config", str(config), "db", "status", "--check", env={"AEGIS_DATABASE_URL": None})
    assert status.exit_code == 0 and f"up to date: {len(ALL_MIGRATIONS)} applied, none pending" in status.output


def test_status_migrate_and_rollback(empty_database_url):
    env = {"AEGIS_DATABASE_URL": empty_database_url}
    pending = run("db", "status", "--check", env=env)
    assert pending.exit_code == 1 and "pending  001_initial" in pending.output

    assert f"{len(ALL_MIGRATIONS)} migration(s) applied" in run("db", "migrate", env=env).output
    assert "already up to date" in run("db", "migrate", env=env).output

    declined = run("db", "rollback", env=env, input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
    assert run("db", "status", "--check", env=env).exit_code == 0

    rolled = run("db", "rollback", "--yes", env=env)
    assert rolled.exit_code == 0 and f"rolled back {ALL_MIGRATIONS[-1]}" in rolled.output
    assert run("db", "status", "--check", env=env).exit_code == 1

    too_many = run("db", "rollback", "--steps", str(len(ALL_MIGRATIONS)), "--yes", env=env)
    assert too_many.exit_code == 1 and f"only {len(ALL_MIGRATIONS) - 1} migration(s) are applied" in too_many.output


def test_bad_configuration_is_one_clear_line_not_a_traceback(tmp_path):
    bad = tmp_path / "aegis.toml"
    bad.write_text('[database]\nurl = "mysql://nope"\n')
    result = run("--config", str(bad), "db", "status")
    assert result.exit_code == 1
    assert f"{bad}: [database] url = 'mysql://nope' must be a URL" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_database_says_what_to_check():
    result = run("db", "status", env={"AEGIS_DATABASE_URL": "postgresql://aegis:hunter2@127.0.0.1:1/aegis"})
    assert result.exit_code == 1
    assert "cannot reach the database at postgresql://aegis:***@127.0.0.1:1/aegis" in result.output
    assert "hunter2" not in result.output


def test_config_shows_effective_settings_with_the_token_masked(tmp_path):
    env = {"AEGIS_DISCORD_TOKEN": "very-secret", "AEGIS_LOG_LEVEL": "warning", "AEGIS_DATABASE_URL": None}
    result = run("--config", str(tmp_path / "absent.toml"), "config", env={**env, "AEGIS_CONFIG": None})
    assert result.exit_code == 1 and "no such configuration file" in result.output
    (tmp_path / "aegis.toml").write_text("")
    result = run("--config", str(tmp_path / "aegis.toml"), "config", env=env)
    assert 'token = "***"' in result.output and "very-secret" not in result.output
    assert 'level = "WARNING"' in result.output


def test_config_masks_the_passwords_in_database_and_redis_urls(tmp_path):
    env = {
        "AEGIS_DATABASE_URL": "postgresql://aegis:db-hunter2@127.0.0.1:5432/aegis",
        "AEGIS_REDIS_URL": "redis://:redis-hunter2@127.0.0.1:6379/3",
        "AEGIS_CONFIG": None,
    }
    (tmp_path / "aegis.toml").write_text("")
    result = run("--config", str(tmp_path / "aegis.toml"), "config", env=env)
    assert result.exit_code == 0
    assert 'url = "postgresql://aegis:***@127.0.0.1:5432/aegis"' in result.output
    assert 'url = "redis://:***@127.0.0.1:6379/3"' in result.output
    assert "hunter2" not in result.output
    assert 'prefix = "aegis:' in result.output


def test_prune_deletes_only_what_retention_allows(db, database_url, tmp_path):
    (tmp_path / "aegis.toml").write_text("[retention]\naudit_days = 30\nautomod_days = 0\n")
    now = datetime(2026, 6, 1, tzinfo=UTC)
    for age in (40, 31, 29, 1):
        with freeze_time(now - timedelta(days=age)):
            audit.record(NewAuditEntry(OPERATOR, "test.entry", metadata={"age": age}))
    with freeze_time(now):
        result = run("--config", str(tmp_path / "aegis.toml"), "db", "prune", env={"AEGIS_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert "deleted       2 audit entries (older than 30 days" in result.output
    assert sorted(e.metadata["age"] for e in audit.page() if e.action == "test.entry") == [1, 29]
    [run_entry] = [e for e in audit.page() if e.action == "retention.prune"]
    assert run_entry.metadata["deleted"] == {
        "audit_days": 2,
        "automod_days": 0,
        "counters_days": 0,
        "message_content_hours": 0,
    }
