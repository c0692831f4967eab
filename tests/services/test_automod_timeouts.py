"""Timeouts stop a minute short of Discord's 28 days (issue #12), whoever asks for one."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.durations import TIMEOUT_LIMIT
from aegis.domain.guilds import GuildSettings
from aegis.services.moderation.checks import Person
from aegis.services.moderation.service import Acted, ModerationService, Request
from aegis.storage import guilds
from tests.services.fake_gateway import FakeGateway

GUILD = 500
MOD = Person(10, "@mod", 5, "@Moderators", frozenset({"moderate_members"}))
BOT = Person(99, "@Aegis", 8, "@Aegis", frozenset({"administrator"}))
MEMBER = Person(20, "@member", 1, "@Members")


@pytest.fixture
def service(db):
    guilds.save_settings(GuildSettings(GUILD), Actor.moderator(1))
    return ModerationService(FakeGateway())


def request() -> Request:
    return Request(GUILD, "Test Server", Actor.moderator(MOD.id), MOD, BOT, MEMBER.id, MEMBER, "spam")


@pytest.mark.parametrize("asked", [TIMEOUT_LIMIT, TIMEOUT_LIMIT + timedelta(days=3)])
async def test_a_28_day_timeout_ends_a_minute_short_of_discords_limit(service, asked):
    with freeze_time("2026-03-01 12:00:00"):
        outcome = await service.timeout(request(), asked)
        asked_at = clock.now()
    assert isinstance(outcome, Acted)
    until = service.gateway.state.timeouts[MEMBER.id]
    assert until == asked_at + timedelta(days=28) - timedelta(minutes=1)
    assert outcome.case.expires_at == until  # the case and Discord agree on when it ends


async def test_a_shorter_timeout_is_not_touched(service):
    with freeze_time("2026-03-01 12:00:00"):
        await service.timeout(request(), timedelta(days=27))
        assert service.gateway.state.timeouts[MEMBER.id] == clock.now() + timedelta(days=27)
