"""A seeded database, a frozen clock and an app to drive; the same on SQLite and Postgres."""

import pytest

from aegis import clock
from aegis.tui.app import AegisConsole
from aegis.tui.data import Sources
from tests.tui.tui_helpers import NOW, Seeded, SeededRaids, seed, seed_raids


@pytest.fixture
def frozen(monkeypatch):
    """The one clock Aegis reads, stopped at NOW (asyncio's own clock keeps running, which Textual needs)."""
    current = {"at": NOW}
    monkeypatch.setattr(clock, "now", lambda: current["at"])
    monkeypatch.setattr("aegis.tui.data.perf_counter", lambda: 0.0)
    return current


@pytest.fixture
def seeded(db, frozen) -> Seeded:
    return seed(db)


@pytest.fixture
def raids_seeded(seeded) -> SeededRaids:
    return seed_raids()


@pytest.fixture
def make_app(db):
    def make(initial: str = "cases", redis_url: str | None = None) -> AegisConsole:
        return AegisConsole(Sources(db, redis_url), initial=initial, poll_interval=0.1)

    return make
