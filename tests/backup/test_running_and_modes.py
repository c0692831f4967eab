"""Restore refuses to replace a database a bot is running on; archives and their folder are private."""

import os
import stat
from datetime import timedelta

from freezegun import freeze_time

from aegis.config import BACKUP_KEY_FILE
from aegis.storage import models as m
from tests.backup.backup_support import T0, contents, opened, seed


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_restore_refuses_while_a_bot_heartbeat_is_fresh(cli, database_url, fresh_url):
    seed(database_url, tag="archive")
    assert cli(database_url, "backup", "-o", "a.aegisbak").exit_code == 0
    target = fresh_url("target")
    seed(target, guilds=1, tag="target")  # its bot wrote a heartbeat at T0
    before = contents(target)

    with freeze_time(T0 + timedelta(seconds=12)):
        refused = cli(target, "restore", "a.aegisbak", "--force")
    assert refused.exit_code == 1
    assert "a bot is running on" in refused.output and "host-target (pid 4242 on box)" in refused.output
    assert "wrote its heartbeat 12 s ago" in refused.output and "--even-if-running" in refused.output
    assert contents(target) == before

    with freeze_time(T0 + timedelta(seconds=12)):
        forced = cli(target, "restore", "a.aegisbak", "--force", "--even-if-running")
    assert forced.exit_code == 0, forced.output
    assert contents(target) == contents(database_url)


def test_a_heartbeat_a_minute_old_is_a_stopped_bot(cli, database_url, fresh_url):
    seed(database_url, tag="archive")
    assert cli(database_url, "backup", "-o", "a.aegisbak").exit_code == 0
    target = fresh_url("target")
    seed(target, guilds=1, tag="target")
    with freeze_time(T0 + timedelta(seconds=60)):
        assert cli(target, "restore", "a.aegisbak", "--force").exit_code == 0


def test_backups_their_folder_and_the_key_are_private_whatever_the_umask(cli, database_url, tmp_path):
    seed(database_url)
    (tmp_path / BACKUP_KEY_FILE).unlink()  # the first backup makes the key
    old = os.umask(0o000)
    try:
        assert cli(database_url, "backup", "--dir", "new/backups").exit_code == 0
    finally:
        os.umask(old)
    [archive] = (tmp_path / "new" / "backups").iterdir()
    assert mode(archive) == 0o600
    assert mode(tmp_path / "new" / "backups") == 0o700 and mode(tmp_path / "new") == 0o700
    assert mode(tmp_path / BACKUP_KEY_FILE) == 0o600


def test_a_safety_backup_is_private_too(cli, database_url, fresh_url, tmp_path):
    seed(database_url, tag="archive")
    assert cli(database_url, "backup", "-o", "a.aegisbak").exit_code == 0
    target = fresh_url("target")
    seed(target, guilds=1, tag="target")
    db = opened(target)
    with db.bind_ctx([m.BotHeartbeat]):
        m.BotHeartbeat.delete().execute()
    db.close()
    old = os.umask(0o000)
    try:
        assert cli(target, "restore", "a.aegisbak", "--force").exit_code == 0
    finally:
        os.umask(old)
    [safety] = (tmp_path / "backups").iterdir()
    assert mode(safety) == 0o600 and mode(tmp_path / "backups") == 0o700
