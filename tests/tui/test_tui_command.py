"""`aegis tui` on a database that is not ready says what to do instead of opening a console that reads errors."""

from click.testing import CliRunner

from aegis.cli import main
from aegis.storage import migrations
from aegis.storage.database import connect


def tui(url: str):
    return CliRunner().invoke(main, ["tui"], env={"AEGIS_DATABASE_URL": url}, catch_exceptions=False)


def test_a_missing_sqlite_file_is_named_and_not_created(tmp_path):
    path = tmp_path / "nowhere" / "aegis.db"
    result = tui(f"sqlite:///{path}")
    assert result.exit_code == 1
    assert f"there is no database at {path}: run `aegis init`" in result.output
    assert not path.exists() and not path.parent.exists()


def test_a_database_never_migrated_offers_aegis_db_migrate(tmp_path):
    path = tmp_path / "empty.db"
    connect(f"sqlite:///{path}").close()  # the file exists, with no tables
    result = tui(f"sqlite:///{path}")
    assert result.exit_code == 1
    assert "was never migrated" in result.output and "run `aegis db migrate`" in result.output
    assert "no such table" not in result.output and "database down" not in result.output
    assert migrations.status(connect(f"sqlite:///{path}")).applied == ()  # nothing was changed behind its back


def test_on_a_terminal_it_offers_to_migrate_and_does_when_told(tmp_path, monkeypatch):
    path = tmp_path / "empty.db"
    connect(f"sqlite:///{path}").close()
    monkeypatch.setattr("aegis.cli.tui_cmd.on_terminal", lambda: True)
    opened = []
    monkeypatch.setattr("aegis.tui.app.AegisConsole.run", lambda app: opened.append(app.initial))
    result = CliRunner().invoke(main, ["tui"], env={"AEGIS_DATABASE_URL": f"sqlite:///{path}"}, input="y\n")
    assert "was never migrated" in result.output and "Run `aegis db migrate` now?" in result.output
    assert "applied 001_initial" in result.output and opened == ["cases"]
    assert migrations.status(connect(f"sqlite:///{path}")).clean
