"""A restore killed half-way changes nothing; a backup taken while the bot writes is one consistent moment."""

import os
import signal
import subprocess
import sys
import threading
import time

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.services.backup.restore import PAUSE_AFTER_ROWS, restore
from aegis.services.backup.writer import take_backup
from aegis.storage.moderation import cases
from tests.backup.backup_support import BIG, KEY, contents, keep_key, opened, seed


def test_a_restore_killed_half_way_leaves_the_database_as_it_was(database_url, fresh_url, tmp_path):
    seed(database_url, guilds=10, cases_per_guild=40, tag="archive")
    archive = take_backup(database_url, tmp_path / "a.aegisbak", key=KEY)
    target = fresh_url("target")
    seed(target, guilds=2, tag="target")
    before = contents(target)

    keep_key(tmp_path)
    halfway = archive.manifest.total_rows // 2
    env = {**os.environ, "AEGIS_DATABASE_URL": target, PAUSE_AFTER_ROWS: str(halfway)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "aegis", "db", "restore", str(archive.path), "--force"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        line = proc.stderr.readline().decode()
        assert "restore paused after" in line, line + proc.stderr.read().decode()
        loaded = int(line.split("after ")[1].split()[0])
        assert halfway <= loaded < archive.manifest.total_rows
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    assert contents(target) == before
    restore(target, archive.path, force=True, safety_dir=tmp_path / "safety", key=KEY)  # and nothing is left wedged
    assert contents(target) == contents(database_url)


def test_a_backup_taken_while_writers_insert_cases_restores_consistent(database_url, fresh_url, tmp_path):
    opened(database_url)  # binds the models for the writer threads (one connection each)
    stop, failures, written = threading.Event(), [], [0]

    def writer(guild: int) -> None:
        try:
            while not stop.is_set():
                cases.create(NewCase(guild, CaseType.WARN, BIG + 9, ActorKind.AUTOMOD, None, "busy"))
                written[0] += 1
        except Exception as exc:  # reported by the test below
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(BIG + g,)) for g in range(3)]
    for thread in threads:
        thread.start()
    try:
        while written[0] < 150 and not failures:
            time.sleep(0.01)
        archives = [take_backup(database_url, tmp_path / f"{i}.aegisbak", key=KEY) for i in range(3)]
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not failures, failures
    assert archives[0].manifest.table("mod_case").rows < archives[-1].manifest.table("mod_case").rows

    for archive in archives:
        target = fresh_url("busy")
        restore(target, archive.path, safety_dir=tmp_path, key=KEY)
        rows = contents(target)
        assert {t.name: t.rows for t in archive.manifest.tables} == {name: len(r) for name, r in rows.items()}
        case_ids = {row[0] for row in rows["mod_case"]}
        assert {row[-1] for row in rows["audit_entry"]} <= case_ids
        assert len(rows["audit_entry"]) == len(rows["mod_case"])  # one audit entry per case, none half-written
        for guild_id, _, last_number, *_ in rows["guild"]:
            numbers = sorted(row[2] for row in rows["mod_case"] if row[1] == guild_id)
            assert numbers == list(range(1, last_number + 1))
