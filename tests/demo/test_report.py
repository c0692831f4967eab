"""The report tells what the database and the double's request log hold, not what the script meant to happen."""

from aegis.demo.chronicle import Posted
from aegis.demo.report import gather, render, verdicts
from aegis.demo.scenes import Pace, build_scenes
from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, DiscordState, NewCase
from aegis.double import DiscordDouble, RecordedRequest
from aegis.double.world.community import seed_community
from aegis.storage import guilds
from aegis.storage.moderation import cases


def request(method, route, params, json=None, status=200):
    return RecordedRequest(method, "", route, params, {}, json, None, status, None)


def test_cases_deletions_and_timeouts_come_from_the_record(db):
    community = seed_community(DiscordDouble(), "token")
    guild, dave, mika, eve = community.guild.id, community.user("dave"), community.user("mika"), community.user("eve")
    guilds.ensure_guild(guild, community.guild.name)
    cases.create(
        NewCase(guild, CaseType.TIMEOUT, dave.id, ActorKind.AUTOMOD, None, "copies", discord_state=DiscordState.APPLIED)
    )
    cases.create(
        NewCase(
            guild, CaseType.WARN, eve.id, ActorKind.MODERATOR, mika.id, "rude", discord_state=DiscordState.NOT_NEEDED
        )
    )
    posted = Posted(authors={101: "dave", 102: "dave", 103: "alice"})
    requests = [
        request(
            "POST", "/channels/{channel_id}/messages/bulk-delete", {"channel_id": "1"}, {"messages": ["101", "102"]}
        ),
        request(
            "DELETE",
            "/channels/{channel_id}/messages/{message_id}",
            {"channel_id": "1", "message_id": "103"},
            status=404,
        ),
        request(
            "PATCH",
            "/guilds/{guild_id}/members/{user_id}",
            {"guild_id": str(guild), "user_id": str(dave.id)},
            {"communication_disabled_until": "2030-01-01T00:00:00+00:00"},
        ),
        request(
            "PATCH",
            "/guilds/{guild_id}/members/{user_id}",
            {"guild_id": str(guild), "user_id": str(eve.id)},
            {"nick": "x"},
        ),
    ]

    found = gather(community, posted, requests)

    assert [(c.number, c.type, c.target, c.by) for c in found.cases] == [
        (1, CaseType.TIMEOUT, "dave", "automod"),
        (2, CaseType.WARN, "eve", "mika"),
    ]
    assert dict(found.deleted) == {"dave": 2}, "a refused delete deleted nothing"
    assert found.timed_out == ["dave"]
    judged = verdicts(found, build_scenes(Pace(20)), played=4)
    text = "\n".join(render(found, 20, judged))
    assert "Deletions: 2 messages (dave 2)" in text and "Timeouts: 1 (dave)" in text
    shown = {title: (ok, says) for title, ok, says in judged}
    assert shown["A spam burst"] == (True, "2 of dave's messages deleted, dave timed out, case #1 (timeout)")
    assert shown["The escalation ladder"] == (False, "eve: #2 warn")
    assert shown["A tempban that expires"] == (None, "not played: the demo ended first")
    assert "✗ A raid of new accounts: no raid recorded" in text
    assert "– A tempban that expires: not played" in text
