"""Welcome and goodbye: placeholders checked when saved, filled in when posted, the newcomer the only one pinged."""

from aegis.domain.actors import Actor
from aegis.domain.refusals import Refusal
from aegis.services.community import welcome
from aegis.services.community.welcome import Arrival, Greeter, render
from aegis.services.settings.validation import validate
from aegis.storage import guilds
from aegis.storage.moderation import audit
from tests.community.fake_community import FakeCommunityGateway

GUILD, CHANNEL = 111, 555
ADMIN = Actor.moderator(1, frozenset({"manage_guild"}))
MOD = Actor.moderator(2, frozenset({"moderate_members"}))


async def test_unknown_placeholders_are_refused_with_the_known_ones(db):
    refused = await welcome.set_message(GUILD, ADMIN, "welcome", "Hi {user}, read {rules} in {channel}")
    assert refused.reason == "I do not know {channel}, {rules}; the placeholders are {user}, {server}, {member_count}."
    assert "{user}, {server}, {member_count}" in (await welcome.set_message(GUILD, ADMIN, "welcome", "Hi {")).reason
    assert "{user.__class__}" in (await welcome.set_message(GUILD, ADMIN, "welcome", "{user.__class__}")).reason
    assert guilds.get_settings(GUILD).welcome_message is None


async def test_only_a_server_manager_changes_the_greetings_and_each_change_is_audited(db):
    refused = await welcome.set_channel(GUILD, MOD, "welcome", CHANNEL)
    assert isinstance(refused, Refusal) and "Manage Server" in refused.reason
    await welcome.set_channel(GUILD, ADMIN, "welcome", CHANNEL)
    await welcome.set_message(GUILD, ADMIN, "goodbye", "Bye {user}")
    await welcome.set_dm(GUILD, ADMIN, True)
    saved = guilds.get_settings(GUILD)
    assert (saved.welcome_channel_id, saved.goodbye_message, saved.welcome_dm) == (CHANNEL, "Bye {user}", True)
    changes = [e.metadata["changed"] for e in audit.page(audit.AuditFilter(guild_id=GUILD)) if e.actor_id == 1]
    assert {"welcome_dm": True} in changes and {"goodbye_message": "Bye {user}"} in changes


def test_render_fills_in_the_three_placeholders_and_keeps_doubled_braces():
    text = render("{{hi}} {user}, welcome to {server}: {member_count}", user="<@5>", server="Den", member_count=1234)
    assert text == "{hi} <@5>, welcome to Den: 1,234"


async def test_a_join_posts_the_welcome_pinging_only_the_newcomer_and_dms_it_when_asked(db):
    gateway = FakeCommunityGateway()
    await welcome.set_channel(GUILD, ADMIN, "welcome", CHANNEL)
    await welcome.set_message(GUILD, ADMIN, "welcome", "Hello {user}, welcome to {server} (#{member_count}) @everyone")
    await Greeter(gateway).joined(Arrival(GUILD, "Den", 7, "eve", 42))
    assert gateway.greetings == [(CHANNEL, "Hello <@7>, welcome to Den (#42) @everyone", 7)]
    assert gateway.state.dms == []

    await welcome.set_dm(GUILD, ADMIN, True)
    await Greeter(gateway).joined(Arrival(GUILD, "Den", 8, "fay", 43))
    assert gateway.state.dms == [(8, "Hello fay, welcome to Den (#43) @everyone")]


async def test_a_leave_posts_the_goodbye_with_the_name_and_pings_nobody(db):
    gateway = FakeCommunityGateway()
    await Greeter(gateway).left(Arrival(GUILD, "Den", 7, "eve", 41))
    assert gateway.greetings == []  # no goodbye channel: nothing
    await welcome.set_channel(GUILD, ADMIN, "goodbye", CHANNEL)
    await Greeter(gateway).left(Arrival(GUILD, "Den", 7, "eve", 41))
    assert gateway.greetings == [(CHANNEL, "**eve** has left Den. We are 41 now.", None)]


async def test_a_greeting_discord_refuses_does_not_stop_the_join(db):
    gateway = FakeCommunityGateway()
    await welcome.set_channel(GUILD, ADMIN, "welcome", CHANNEL)
    gateway.fail_next("greet", 403)
    await Greeter(gateway).joined(Arrival(GUILD, "Den", 7, "eve", 42))
    assert gateway.greetings == []


def test_the_settings_file_carries_welcome_goodbye_and_autoroles_and_checks_them():
    data = validate(
        {
            "welcome_channel_id": 1049862734591127552,
            "welcome_message": "Hi {user}",
            "welcome_dm": True,
            "autoroles": [{"role_id": 1049862734591127553, "delay_s": 600, "after_screening": True}],
        }
    )
    assert (data["welcome_message"], data["welcome_dm"], data["goodbye_channel_id"]) == ("Hi {user}", True, None)
    assert data["autoroles"] == [{"role_id": 1049862734591127553, "delay_s": 600, "after_screening": True}]
    bad = validate({"goodbye_message": "Bye {name}", "autoroles": [{"role_id": 5, "delay_s": -1}]}).reason
    assert "goodbye_message: I do not know {name}" in bad
    assert "autoroles delay_s must be seconds from 0 to 2419200, got -1" in bad
    assert "autoroles role_id must be a Discord id" not in bad  # 5 is a Discord id, if an unlikely one
