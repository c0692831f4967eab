"""Automod end to end: members post through the double, the real bot decides, Discord and the database show it."""

from dataclasses import replace

from aegis.domain.actors import OPERATOR, ActorKind
from aegis.domain.moderation.cases import CaseType, DiscordState
from aegis.double import Permission
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.records import activity

TIMEOUT_ROUTE = "/guilds/{guild_id}/members/{user_id}"
BULK_ROUTE = "/channels/{channel_id}/messages/bulk-delete"
DELETE_ROUTE = "/channels/{channel_id}/messages/{message_id}"


def set_automod(server, automod: dict) -> None:
    current = guilds.get_settings(server.guild.id)
    guilds.save_settings(replace(current, automod=automod), OPERATOR)


async def settle(bot, server) -> None:
    """Every event read by the bot and every verdict it was handling finished."""
    await server.double.wait_until_read()
    await bot.automod_events.drain()


def sent_to_discord(server, since: int) -> list:
    return [r for r in server.double.requests[since:] if r.method != "GET"]


def deleted_ids(server) -> set[int]:
    ids = {int(i) for r in server.double.requests_matching("POST", BULK_ROUTE) for i in r.json["messages"]}
    return ids | {int(r.params["message_id"]) for r in server.double.requests_matching("DELETE", DELETE_ROUTE)}


async def test_a_burst_of_copies_is_deleted_and_makes_one_timeout_and_one_case(bot, server):
    posted = [server.double.post_message(server.general, server.alice, "join my server, free stuff") for _ in range(8)]
    patch = await server.double.wait_for_request("PATCH", TIMEOUT_ROUTE, timeout=10)
    await settle(bot, server)

    assert patch.params["user_id"] == str(server.alice.id) and patch.json["communication_disabled_until"]
    assert "Automod (duplicates)" in patch.reason
    assert len(server.double.requests_matching("PATCH", TIMEOUT_ROUTE)) == 1
    assert server.double.requests_matching("POST", BULK_ROUTE), "the burst goes in bulk"
    assert deleted_ids(server) == {message.id for message in posted}
    assert server.double.messages(server.general) == []

    [case] = m.Case.select().where(m.Case.actor_kind == ActorKind.AUTOMOD)
    assert (case.type, case.target_id, case.discord_state) == (CaseType.TIMEOUT, server.alice.id, DiscordState.APPLIED)
    assert case.metadata["rule"] == "duplicates" and case.metadata["counts"]["copies"] >= 4
    assert "copies" in case.metadata["reason"]
    events = activity.recent_automod_events(server.guild.id)
    assert {e.rule for e in events} == {"duplicates", "message_rate"}
    assert [e.case_id for e in events if e.case_id] == [case.id]


async def test_a_dry_run_rule_records_and_sends_nothing(bot, server):
    set_automod(server, {"rules": {"caps": {"dry_run": True}}})
    since = len(server.double.requests)
    message = server.double.post_message(server.general, server.bob, "THIS IS A VERY LOUD MESSAGE INDEED")
    await settle(bot, server)

    [event] = activity.recent_automod_events(server.guild.id)
    assert (event.rule, event.dry_run, event.verdict, event.action_taken) == ("caps", True, "delete", "none")
    assert event.message_id == message.id and event.case_id is None
    assert sent_to_discord(server, since) == []
    assert m.Case.select().count() == 0


async def test_an_exempt_role_is_not_checked(bot, server):
    trusted = server.double.add_role(server.guild, "trusted", position=1)
    set_automod(server, {"exempt_role_ids": [trusted.id]})
    server.double.update_member(server.double.member(server.guild, server.bob), roles=[trusted.id])
    await settle(bot, server)
    since = len(server.double.requests)
    for _ in range(8):
        server.double.post_message(server.general, server.bob, "same again")
    await settle(bot, server)

    assert sent_to_discord(server, since) == []
    assert activity.recent_automod_events(server.guild.id) == [] and m.Case.select().count() == 0


async def test_ordinary_chat_sends_nothing(bot, server):
    since = len(server.double.requests)
    lines = [
        "hi all",
        "anyone up for a game tonight?",
        "sure, after dinner",
        "link me the map please",
        "brb",
        "ok back",
        "what time?",
        "9pm works for me",
    ]
    for n, line in enumerate(lines):
        server.double.post_message(server.general, (server.alice, server.bob)[n % 2], line)
    await settle(bot, server)
    await bot.automod.flush_counters()

    assert sent_to_discord(server, since) == []
    assert activity.recent_automod_events(server.guild.id) == []
    [today] = activity.counts(server.guild.id, since=m.DailyCounter.select().get().day)
    assert (today.messages, today.detections, today.actions) == (8, 0, 0)


async def spam(bot, server, author, text: str = "buy my stuff now") -> list:
    """Eight copies in a row: a message-rate and a duplicates verdict for anyone automod checks."""
    posted = [server.double.post_message(server.general, author, text) for _ in range(8)]
    await settle(bot, server)
    return posted


async def test_the_owners_spam_is_neither_deleted_nor_punished(bot, server):
    owner = server.double.state.users[server.guild.owner_id]
    since = len(server.double.requests)
    posted = await spam(bot, server, owner)

    assert sent_to_discord(server, since) == []
    assert [m.id for m in server.double.messages(server.general)] == [m.id for m in posted]
    assert activity.recent_automod_events(server.guild.id) == [] and m.Case.select().count() == 0


async def test_an_administrator_is_exempt_even_with_moderators_checked(bot, server):
    set_automod(server, {"exempt_moderators": False})
    since = len(server.double.requests)
    await spam(bot, server, server.admin)

    assert sent_to_discord(server, since) == [] and m.Case.select().count() == 0


async def test_a_moderator_is_exempt_until_the_server_turns_that_off(bot, server):
    from tests.e2e.test_automod_config import automod, text_of

    since = len(server.double.requests)
    await spam(bot, server, server.moderator, "first burst")
    assert sent_to_discord(server, since) == [] and m.Case.select().count() == 0

    handle = await automod(server, "exempt moderators", {"state": "off"})
    assert "✅ `exempt_moderators`: on → off" in text_of(handle)
    shown = text_of(await automod(server, "show"))
    assert "Never checked: the owner and administrators; roles" in shown  # no longer "members with Manage Messages"

    posted = await spam(bot, server, server.moderator, "second burst")
    await server.double.wait_for_request("POST", BULK_ROUTE, timeout=10)
    await settle(bot, server)
    assert deleted_ids(server) >= {message.id for message in posted[-3:]}
    [case] = m.Case.select().where(m.Case.actor_kind == ActorKind.AUTOMOD)
    assert case.target_id == server.moderator.id


async def test_the_overview_says_who_is_never_checked(bot, server):
    from tests.e2e.test_automod_config import automod, text_of

    shown = text_of(await automod(server, "show"))
    assert "Never checked: the owner and administrators; members with Manage Messages; roles none" in shown


async def test_a_role_that_gains_manage_messages_makes_its_members_exempt(bot, server):
    helper = server.double.add_role(server.guild, "helper", position=1)
    server.double.update_member(server.double.member(server.guild, server.bob), roles=[helper.id])
    await settle(bot, server)
    await spam(bot, server, server.bob, "before the promotion")
    assert m.Case.select().count() == 1  # checked like anyone

    server.double.update_role(helper, permissions=Permission.MANAGE_MESSAGES)
    await settle(bot, server)
    since = len(server.double.requests)
    posted = await spam(bot, server, server.bob, "after the promotion")
    assert sent_to_discord(server, since) == [] and m.Case.select().count() == 1
    assert {message.id for message in posted} <= {message.id for message in server.double.messages(server.general)}
