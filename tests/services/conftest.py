import pytest

from aegis.domain.actors import Actor
from aegis.domain.guilds import GuildSettings
from aegis.services.moderation.service import ModerationService
from aegis.storage import guilds
from tests.services.fake_gateway import FakeGateway
from tests.services.test_moderation import GUILD, MODLOG


@pytest.fixture
def gateway():
    """A Discord that keeps state (bans, timeouts, roles, DMs) and fails on request."""
    return FakeGateway()


@pytest.fixture
def service(db, gateway):
    """The moderation service over the fake gateway, in a guild whose mod log is MODLOG."""
    guilds.save_settings(GuildSettings(GUILD, mod_log_channel_id=MODLOG), Actor.moderator(1))
    return ModerationService(gateway)
