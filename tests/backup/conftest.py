import uuid

import pytest
from click.testing import CliRunner

from aegis.cli import main
from aegis.services.backup.writer import take_backup
from tests.backup.backup_support import KEY, keep_key, migrated, seed


@pytest.fixture
def fresh_url(postgres_server, tmp_path):
    """Makes another clean, migrated database of this leg's backend; each call a new one."""

    def make(name: str = "") -> str:
        suffix = f"{name or 'other'}_{uuid.uuid4().hex[:8]}"
        if postgres_server:
            return migrated(postgres_server.create(suffix))
        return migrated(f"sqlite:///{tmp_path / (suffix + '.db')}")

    return make


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """`aegis db ...` in tmp_path against the database URL given, as an operator would run it; the deployment's
    backup key (beside its aegis.toml, here the working folder) is KEY."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AEGIS_CONFIG", raising=False)
    keep_key(tmp_path)

    def run(url: str, *args: str):
        return CliRunner().invoke(main, ["db", *map(str, args)], env={"AEGIS_DATABASE_URL": url})

    return run


@pytest.fixture
def good(database_url, tmp_path):
    """A sound archive of a seeded database, signed with KEY."""
    seed(database_url)
    return take_backup(database_url, tmp_path / "good.aegisbak", key=KEY).path


@pytest.fixture
def target(fresh_url):
    """Another migrated, seeded database for restores to be pointed at."""
    url = fresh_url("target")
    seed(url, guilds=2, tag="target")
    return url
