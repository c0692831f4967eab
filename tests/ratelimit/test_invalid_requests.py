"""The invalid-request budget: Discord's 401/403/429 answers over a sliding 10 minutes (issue #12)."""

import logging
from datetime import timedelta

from freezegun import freeze_time

from aegis.services.ratelimit.invalid_requests import InvalidRequestBudget


def test_401_403_and_429_count_other_answers_and_shared_429s_do_not():
    budget = InvalidRequestBudget(pause_at=100)
    for status in (200, 204, 400, 404, 500, 401, 403, 429):
        budget.record(status)
    budget.record(429, "shared")  # Discord leaves these out: the limit is the resource's, not Aegis's
    budget.record(429, "user")
    assert budget.count == 4


def test_the_count_covers_the_last_10_minutes_only():
    with freeze_time("2026-01-01 12:00:00") as frozen:
        budget = InvalidRequestBudget(pause_at=100)
        for _ in range(30):
            budget.record(403)
        frozen.tick(timedelta(minutes=6))
        for _ in range(20):
            budget.record(403)
        assert budget.count == 50
        frozen.tick(timedelta(minutes=4, seconds=11))  # the first 30 are more than 10 minutes old
        assert budget.count == 20
        frozen.tick(timedelta(minutes=6, seconds=11))
        assert budget.count == 0


def test_past_the_threshold_work_pauses_and_the_log_says_so_once_each_way(caplog):
    caplog.set_level(logging.WARNING, "aegis.ratelimit")
    with freeze_time("2026-01-01 12:00:00") as frozen:
        budget = InvalidRequestBudget(pause_at=5)
        for _ in range(4):
            budget.record(403)
        assert not budget.paused
        for _ in range(3):
            budget.record(401)
        assert budget.paused and budget.snapshot().paused and budget.snapshot().count == 7
        frozen.tick(timedelta(minutes=11))
        assert not budget.paused
    spent, resumed = [r.getMessage() for r in caplog.records]
    assert spent.startswith("invalid-request budget spent: Discord answered 5 of Aegis's requests with 401/403/429")
    assert "raid resolve, purge and expiry retries pause" in spent
    assert resumed == "invalid-request count back to 0 (under 5): paused work goes on"
