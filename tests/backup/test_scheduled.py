"""Scheduled backups on a frozen clock: due when the interval since the newest backup has passed."""

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from freezegun import freeze_time

from aegis.config import load_config
from aegis.services.backup.scheduled import RETRY_AFTER, ScheduledBackups
from aegis.services.backup.writer import scheduled_backups
from tests.backup.backup_support import seed


@pytest.fixture
def config(database_url, tmp_path):
    base = load_config(tmp_path / "none.toml", env={"AEGIS_DATABASE_URL": database_url}, must_exist=False)
    return replace(base, backup=replace(base.backup, dir=str(tmp_path / "b"), keep=3, interval_hours=6))


def test_due_at_once_then_after_each_interval(config, database_url):
    seed(database_url)
    with freeze_time("2026-11-22 06:00:00") as frozen:
        backups = ScheduledBackups(config)
        assert backups.enabled and backups.due()
        result = backups.take()
        assert result.path.name == "aegis-20261122T060000Z.aegisbak" and result.manifest.total_rows > 0
        assert not backups.due()
        frozen.tick(timedelta(hours=5, minutes=59))
        assert not backups.due()
        frozen.tick(timedelta(minutes=1))
        assert backups.due()


def test_a_restarted_bot_picks_up_from_the_newest_file(config):
    with freeze_time("2026-11-22 06:00:00") as frozen:
        ScheduledBackups(config).take()
        frozen.tick(timedelta(hours=3))
        restarted = ScheduledBackups(config)
        assert not restarted.due()
        assert restarted.next_due().isoformat() == "2026-11-22T12:00:00+00:00"


def test_off_when_the_interval_is_zero(config):
    off = ScheduledBackups(replace(config, backup=replace(config.backup, interval_hours=0)))
    assert not off.enabled and not off.due()
    asyncio.run(off.run_forever())  # returns at once


def run_for(backups: ScheduledBackups, frozen, naps: int) -> list[float]:
    """run_forever with a sleep that moves the frozen clock instead of waiting; stops after `naps` naps."""
    slept = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) >= naps:
            raise asyncio.CancelledError
        frozen.tick(timedelta(seconds=seconds))

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(backups.run_forever(sleep=sleep))
    return slept


def test_run_forever_takes_one_per_interval_and_keeps_the_newest(config):
    with freeze_time("2026-11-22 00:00:00") as frozen:
        backups = ScheduledBackups(config)
        slept = run_for(backups, frozen, naps=4 * 72 + 1)  # 24 h in 300 s naps: backups at 00, 06, 12, 18 and 00
        assert max(slept) <= 300
        names = [p.name for p in scheduled_backups(backups.directory)]
        assert names == [
            "aegis-20261122T120000Z.aegisbak",
            "aegis-20261122T180000Z.aegisbak",
            "aegis-20261123T000000Z.aegisbak",
        ]  # keep=3


def test_a_failed_backup_is_retried_later_not_in_a_loop(config, tmp_path, caplog):
    broken = replace(config, database=replace(config.database, url=f"sqlite:///{tmp_path / 'missing' / 'x.db'}"))
    with freeze_time("2026-11-22 00:00:00") as frozen:
        backups = ScheduledBackups(broken)
        assert run_for(backups, frozen, naps=4) == [300.0] * 4  # 00:00 fails, 00:10 fails, then 00:20
        assert [r.message for r in caplog.records].count(f"scheduled backup failed; trying again in {RETRY_AFTER}") == 2
        assert backups.next_due().isoformat() == "2026-11-22T00:20:00+00:00"
        assert scheduled_backups(backups.directory) == []
