"""Files that can hold secrets or member data are private whatever the umask; `aegis run` names any that
are not, with the fix."""

import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from aegis.cli import main
from aegis.storage.database import connect


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0o000)  # the worst an operator's shell could have
    yield
    os.umask(old)


def test_init_makes_the_config_the_database_and_its_folder_private(tmp_path, open_umask):
    home = tmp_path / "srv" / "aegis"
    result = CliRunner().invoke(main, ["init", "--path", str(home)], env={"AEGIS_DATABASE_URL": None})
    assert result.exit_code == 0, result.output
    assert mode(home / "aegis.toml") == 0o600
    assert mode(home / "aegis.db") == 0o600
    assert mode(home) == 0o700 and mode(tmp_path / "srv") == 0o700

    db = connect(f"sqlite:///{home / 'aegis.db'}")  # while it is open, SQLite keeps its WAL beside it
    try:
        db.execute_sql("CREATE TABLE scratch (x)")
        db.execute_sql("INSERT INTO scratch VALUES (1)")
        assert mode(home / "aegis.db-wal") == 0o600 and mode(home / "aegis.db-shm") == 0o600
    finally:
        db.close()


def test_init_over_an_existing_readable_config_tightens_it(tmp_path):
    (tmp_path / "aegis.toml").write_text("")
    os.chmod(tmp_path / "aegis.toml", 0o644)
    result = CliRunner().invoke(main, ["init", "--path", str(tmp_path), "--force"], env={"AEGIS_DATABASE_URL": None})
    assert result.exit_code == 0, result.output
    assert mode(tmp_path / "aegis.toml") == 0o600


def test_run_warns_once_per_file_others_can_read_and_says_how_to_fix_it(tmp_path):
    CliRunner().invoke(main, ["init", "--path", str(tmp_path)], env={"AEGIS_DATABASE_URL": None})
    os.chmod(tmp_path / "aegis.toml", 0o644)
    os.chmod(tmp_path / "aegis.db", 0o640)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AEGIS_")}
    env.update(AEGIS_CONFIG=str(tmp_path / "aegis.toml"), PYTHONPATH=os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "aegis", "run"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "no Discord bot token" in done.stderr  # the warnings come before that
    lines = [line for line in done.stderr.splitlines() if "readable by others" in line]
    assert len(lines) == 2
    assert (
        f"{tmp_path / 'aegis.toml'} is readable by others (mode 0644); fix: chmod 600 {tmp_path / 'aegis.toml'}"
        in (lines[0])
    )
    assert (
        f"{tmp_path / 'aegis.db'} is readable by others (mode 0640); fix: chmod 600 {tmp_path / 'aegis.db'}"
        in (lines[1])
    )
    assert all("level=WARNING" in line for line in lines)


def test_an_export_over_a_readable_file_is_private(tmp_path, database_url, open_umask, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "member.json").write_text("an older export")
    os.chmod(tmp_path / "member.json", 0o644)
    env = {"AEGIS_DATABASE_URL": database_url, "AEGIS_CONFIG": None}
    for command in (["data", "export", "42", "--output", "member.json"], ["cases", "export", "--output", "cases.csv"]):
        result = CliRunner().invoke(main, command, env=env)
        assert result.exit_code == 0, result.output
    assert mode(tmp_path / "member.json") == 0o600 and mode(tmp_path / "cases.csv") == 0o600


def test_the_deletion_ledger_is_one_of_the_files_checked(tmp_path):
    from aegis import files
    from aegis.config import load_config
    from aegis.services.data.ledger import LEDGER_FILE
    from aegis.services.doctor.local import private_files

    (tmp_path / "aegis.toml").write_text("")
    os.chmod(tmp_path / "aegis.toml", 0o600)
    (tmp_path / LEDGER_FILE).write_text("")
    os.chmod(tmp_path / LEDGER_FILE, 0o644)
    config = load_config(tmp_path / "aegis.toml", env={"AEGIS_DATABASE_URL": "sqlite:///:memory:"})
    warnings = files.exposure_warnings(private_files(config))  # what aegis run and aegis doctor check
    assert warnings == [
        f"{tmp_path / LEDGER_FILE} is readable by others (mode 0644); fix: chmod 600 {tmp_path / LEDGER_FILE}"
    ]
