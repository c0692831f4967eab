"""The three commands as an operator runs them: --dir/--keep, --force and its safety backup, messages."""

from pathlib import Path

from freezegun import freeze_time

from aegis.services.backup.reader import verify
from aegis.services.backup.schema import AEGIS_TABLES
from tests.backup.backup_support import KEY, contents, seed


def test_backup_output_names_one_file(cli, database_url, tmp_path):
    seed(database_url)
    result = cli(database_url, "backup", "--output", "x.aegisbak")
    assert result.exit_code == 0, result.output
    assert "wrote x.aegisbak" in result.output and f"rows in {len(AEGIS_TABLES)} tables" in result.output
    assert verify(tmp_path / "x.aegisbak", key=KEY).manifest.table("mod_case").rows == 15
    assert not list(tmp_path.glob("*.partial"))


def test_output_and_dir_do_not_mix(cli, database_url):
    result = cli(database_url, "backup", "--output", "x.aegisbak", "--dir", "d")
    assert result.exit_code == 2 and "--output names one file" in result.output


def test_dir_and_keep_prune_only_timestamped_backups(cli, database_url, tmp_path):
    backups = tmp_path / "b"
    backups.mkdir()
    others = [
        "notes.txt",
        "aegis-before-restore-20200101T000000Z.aegisbak",
        "aegis-20200101T000000Z.aegisbak.partial",
        "my-aegis-20200101T000000Z.aegisbak",
    ]
    for name in others:
        (backups / name).write_text("not mine to delete")
    taken = []
    for hour in range(4):
        with freeze_time(f"2026-11-22 1{hour}:00:00"):
            result = cli(database_url, "backup", "--dir", backups, "--keep", 2)
        assert result.exit_code == 0, result.output
        taken.append(f"aegis-20261122T1{hour}0000Z.aegisbak")
        if hour >= 2:
            assert f"deleted old backup {backups / taken[hour - 2]}" in result.output
    assert sorted(p.name for p in backups.iterdir()) == sorted(others + taken[-2:])


def test_defaults_come_from_the_config_file(cli, database_url, tmp_path):
    (tmp_path / "aegis.toml").write_text('[backup]\ndir = "kept"\nkeep = 1\n')
    for minute in range(2):
        with freeze_time(f"2026-11-22 18:0{minute}:00"):
            assert cli(database_url, "backup").exit_code == 0
    assert [p.name for p in (tmp_path / "kept").iterdir()] == ["aegis-20261122T180100Z.aegisbak"]


def test_restore_needs_force_over_data_and_then_keeps_a_safety_backup(cli, database_url, fresh_url, tmp_path):
    seed(database_url, tag="archive")
    assert cli(database_url, "backup", "-o", "a.aegisbak").exit_code == 0
    target = fresh_url("target")
    seed(target, guilds=1, tag="target")
    before = contents(target)

    refused = cli(target, "restore", "a.aegisbak")
    assert refused.exit_code == 1 and "already holds data" in refused.output and "--force" in refused.output
    assert contents(target) == before and not (tmp_path / "backups").exists()

    forced = cli(target, "restore", "a.aegisbak", "--force")
    assert forced.exit_code == 0, forced.output
    assert contents(target) == contents(database_url)
    line = next(line for line in forced.output.splitlines() if line.startswith("safety backup"))
    safety = Path(line.split(": ", 1)[1])
    assert safety.parent.name == "backups" and safety.name.startswith("aegis-before-restore-")
    assert verify(tmp_path / safety, key=KEY).manifest.table("guild").rows == 1

    assert cli(target, "restore", safety, "--force").exit_code == 0  # and it brings the old data back
    assert contents(target) == before


def test_verify_says_what_it_found(cli, database_url):
    seed(database_url)
    cli(database_url, "backup", "-o", "a.aegisbak")
    result = cli("sqlite:////nonexistent/never-opened.db", "verify", "a.aegisbak")
    assert result.exit_code == 0
    assert "a.aegisbak: sound" in result.output and "schema 001_initial" in result.output
    assert not Path("/nonexistent").exists()
