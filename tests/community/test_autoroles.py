"""Autoroles: which roles may be chosen, given at once or as a scheduled action when due, to members still here,
checked against Aegis's position when given; screening holds them back until it is passed."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from aegis.domain.actors import OPERATOR, Actor
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.schedule import ScheduleKind, ScheduleState
from aegis.domain.refusals import Refusal
from aegis.services.community import autoroles
from aegis.services.community.autoroles import AutoroleGiver
from aegis.services.community.gave_up import tell_mod_log
from aegis.services.community.givable import GivableRole
from aegis.services.moderation.expiries import Failed
from aegis.storage import guilds
from aegis.storage.moderation import audit, schedule
from tests.community.fake_community import FakeCommunityGateway

GUILD = 111
ADMIN = Actor.moderator(1, frozenset({"manage_roles"}))
MEMBER = Actor.moderator(2, frozenset())
MEMBERS = GivableRole(50, "Members", 2)
NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)


def world():
    gateway = FakeCommunityGateway(bot_position=5)
    gateway.givable[MEMBERS.id] = MEMBERS
    return gateway


async def test_roles_aegis_could_not_or_should_not_give_are_refused(db):
    bot = world().bot
    assert "Manage Roles" in (await autoroles.add(GUILD, MEMBER, MEMBERS, bot)).reason
    above = await autoroles.add(GUILD, ADMIN, GivableRole(51, "Staff", 7), bot)
    assert above.check == "role_hierarchy" and "not below my top role @Aegis" in above.reason
    risky = await autoroles.add(GUILD, ADMIN, GivableRole(52, "Helper", 1, frozenset({"kick_members"})), bot)
    assert risky.check == "role_dangerous" and "Kick Members" in risky.reason
    assert (await autoroles.add(GUILD, ADMIN, GivableRole(53, "Bot", 1, managed=True), bot)).check == "role_managed"
    assert (await autoroles.add(GUILD, ADMIN, MEMBERS, bot, after="soon")).check == "duration"
    assert (await autoroles.add(GUILD, ADMIN, MEMBERS, bot, after="29d")).check == "duration"
    assert guilds.get_settings(GUILD).autoroles == ()


async def test_add_list_remove_each_audited(db):
    bot = world().bot
    saved = await autoroles.add(GUILD, ADMIN, MEMBERS, bot, after="10m", after_screening=True)
    assert saved.autoroles == ({"role_id": 50, "delay_s": 600, "after_screening": True},)
    again = await autoroles.add(GUILD, ADMIN, MEMBERS, bot)  # the same role again replaces its rule
    assert again.autoroles == ({"role_id": 50, "delay_s": 0, "after_screening": False},)
    assert isinstance(await autoroles.remove(GUILD, ADMIN, 99), Refusal)
    assert (await autoroles.remove(GUILD, ADMIN, 50)).autoroles == ()
    actions = [e.action for e in audit.page(audit.AuditFilter(guild_id=GUILD))]
    assert actions == ["autorole.remove", "autorole.add", "autorole.add"]


async def test_an_immediate_autorole_is_given_on_join(db):
    gateway = world()
    await autoroles.add(GUILD, ADMIN, MEMBERS, gateway.bot)
    await AutoroleGiver(gateway).joined(GUILD, gateway.join(7))
    assert gateway.state.roles[7] == {50}
    [entry] = audit.page(audit.AuditFilter(guild_id=GUILD, action="autorole.give"))
    assert (entry.target_id, entry.metadata) == (7, {"role_id": 50})


async def test_a_delayed_autorole_is_a_scheduled_action_given_when_due_to_a_member_still_here(db):
    gateway = world()
    giver = AutoroleGiver(gateway)
    await autoroles.add(GUILD, ADMIN, MEMBERS, gateway.bot, after="10m")
    with freeze_time(NOW):
        await giver.joined(GUILD, gateway.join(7))
    [action] = schedule.pending()
    assert (action.kind, action.target_id, action.due_at, action.payload) == (
        ScheduleKind.AUTOROLE,
        7,
        NOW + timedelta(minutes=10),
        {"role_id": 50},
    )
    assert 7 not in gateway.state.roles
    assert await giver.run(action) is None
    assert gateway.state.roles[7] == {50}


async def test_a_member_who_leaves_before_the_delay_gets_nothing(db):
    gateway = world()
    giver = AutoroleGiver(gateway)
    await autoroles.add(GUILD, ADMIN, MEMBERS, gateway.bot, after="10m")
    await giver.joined(GUILD, gateway.join(7))
    [action] = schedule.pending()
    gateway.leave(7)
    assert await giver.run(action) is None  # even if the leave was missed, nobody is there to give it to
    await giver.left(GUILD, 7)
    assert schedule.get(action.id).state is ScheduleState.CANCELLED
    assert "add_role" not in gateway.state.calls


async def test_the_role_is_checked_against_aegis_again_when_it_is_given(db):
    gateway = world()
    giver = AutoroleGiver(gateway)
    await autoroles.add(GUILD, ADMIN, MEMBERS, gateway.bot, after="10m")
    await giver.joined(GUILD, gateway.join(7))
    [action] = schedule.pending()
    gateway.givable[50] = GivableRole(50, "Members", 9)  # moved above Aegis meanwhile
    result = await giver.run(action)
    assert isinstance(result, Failed) and "not below my top role" in result.error
    assert 7 not in gateway.state.roles


async def test_an_autorole_removed_before_it_is_due_is_not_given(db):
    gateway = world()
    giver = AutoroleGiver(gateway)
    await autoroles.add(GUILD, ADMIN, MEMBERS, gateway.bot, after="10m")
    await giver.joined(GUILD, gateway.join(7))
    await autoroles.remove(GUILD, ADMIN, 50)
    assert await giver.run(schedule.pending()[0]) is None and 7 not in gateway.state.roles


async def test_after_screening_waits_for_the_member_to_pass_it(db):
    gateway = world()
    giver = AutoroleGiver(gateway)
    await autoroles.add(GUILD, ADMIN, MEMBERS, gateway.bot, after_screening=True)
    await giver.joined(GUILD, gateway.join(7, pending=True))
    assert 7 not in gateway.state.roles and schedule.pending() == []
    gateway.pending.discard(7)
    await giver.passed_screening(GUILD, await gateway.member(GUILD, 7))
    assert gateway.state.roles[7] == {50}


async def test_a_plain_autorole_is_not_given_twice_when_screening_is_passed(db):
    gateway = world()
    giver = AutoroleGiver(gateway)
    await autoroles.add(GUILD, ADMIN, MEMBERS, gateway.bot)
    await giver.joined(GUILD, gateway.join(7, pending=True))
    await giver.passed_screening(GUILD, await gateway.member(GUILD, 7))
    assert gateway.state.calls.count("add_role") == 1


async def test_after_screening_with_a_delay_counts_it_from_passing_screening(db):
    gateway = world()
    giver = AutoroleGiver(gateway)
    await autoroles.add(GUILD, ADMIN, MEMBERS, gateway.bot, after="10m", after_screening=True)
    with freeze_time(NOW):
        await giver.joined(GUILD, gateway.join(7, pending=True))
    assert schedule.pending() == []
    gateway.pending.discard(7)
    with freeze_time(NOW + timedelta(hours=1)):
        await giver.passed_screening(GUILD, await gateway.member(GUILD, 7))
    [action] = schedule.pending()
    assert action.due_at == NOW + timedelta(hours=1, minutes=10)


async def test_only_role_managers_see_the_autoroles(db):
    await autoroles.add(GUILD, ADMIN, MEMBERS, world().bot)
    assert "Manage Roles" in (await autoroles.show(GUILD, MEMBER)).reason
    assert await autoroles.show(GUILD, ADMIN) == ({"role_id": 50, "delay_s": 0, "after_screening": False},)


async def test_an_autorole_that_cannot_be_given_is_reported_to_the_mod_log(db):
    gateway = world()
    giver = AutoroleGiver(gateway)
    await autoroles.add(GUILD, ADMIN, MEMBERS, gateway.bot, after="10m")
    await giver.joined(GUILD, gateway.join(7))
    [action] = schedule.pending()
    gateway.givable[50] = GivableRole(50, "Members", 9)
    failed = await giver.run(action)
    await tell_mod_log(gateway, action, failed.error)
    assert gateway.state.posts == []  # no mod log set: nobody to tell
    settings = guilds.get_settings(GUILD)
    guilds.save_settings(GuildSettings.from_data(GUILD, {**settings.to_data(), "mod_log_channel_id": 999}), OPERATOR)
    await tell_mod_log(gateway, action, failed.error)
    [(channel, text)] = gateway.state.posts
    assert channel == 999 and text.startswith("⚠️ Autorole: I could not give <@&50> to <@7>: @Members is not below")
