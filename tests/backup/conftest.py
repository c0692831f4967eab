import uuid

import pytest
from click.testing import CliRunner

from aegis.cli import main
from tests.backup.backup_support import keep_key, migrated


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
