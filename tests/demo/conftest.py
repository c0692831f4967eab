"""A seeded demo server on a running double (no bot), and the project clock stopped for pictures."""

from datetime import UTC, datetime

import pytest

from aegis import clock
from aegis.demo.world import DemoWorld
from aegis.double import DiscordDoubleThread
from aegis.double.world.community import seed_community

NOW = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def seeded_world():
    with DiscordDoubleThread() as thread:
        community = thread.call(seed_community, thread.double, "demo-test-token")
        yield DemoWorld(thread, community)


@pytest.fixture
def frozen(monkeypatch):
    current = {"at": NOW}
    monkeypatch.setattr(clock, "now", lambda: current["at"])
    return current
