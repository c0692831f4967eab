"""/mydata end to end: the member's own export arrives by DM, once a day, and closed DMs use nothing up."""

import json
from datetime import timedelta

from freezegun import freeze_time

from aegis import clock
from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.storage import models as m
from aegis.storage.moderation import cases

DM_ROUTE = "/channels/{channel_id}/messages"


async def ask(server, user):
    handle = server.double.invoke_command(server.guild, server.general, user, "mydata", {})
    return await handle.wait_for_reply(timeout=10), handle


def uploads(server):
    return [f for r in server.double.requests_matching("POST", DM_ROUTE) for f in r.files]


async def test_a_member_gets_their_own_data_by_dm(bot, server):
    cases.create(
        NewCase(server.guild.id, CaseType.WARN, server.alice.id, ActorKind.MODERATOR, server.moderator.id, "x")
    )
    reply, handle = await ask(server, server.alice)
    assert handle.ephemeral and "check your DMs" in reply.content
    [(filename, data)] = uploads(server)
    assert filename == f"aegis-data-{server.alice.id}.json"
    document = json.loads(data)
    assert document["user_id"] == str(server.alice.id) and document["schema"] == "aegis.user-data"
    assert [c["reason"] for c in document["sections"]["cases"]] == ["x"]
    assert str(server.moderator.id) not in data.decode()
    assert m.AuditEntry.select().where(m.AuditEntry.action == "data.export_sent").count() == 1


async def test_once_a_day(bot, server):
    await ask(server, server.alice)
    reply, _ = await ask(server, server.alice)
    assert "one copy a day, so you can ask again after" in reply.content
    assert len(uploads(server)) == 1
    with freeze_time(clock.now() + timedelta(days=1, minutes=1), tick=True):
        reply, _ = await ask(server, server.alice)
    assert "check your DMs" in reply.content and len(uploads(server)) == 2


async def test_closed_dms_are_told_and_do_not_count(bot, server):
    server.double.state.users[server.bob.id].accepts_dms = False
    reply, _ = await ask(server, server.bob)
    assert "your direct messages are closed to me" in reply.content
    assert m.AuditEntry.select().where(m.AuditEntry.action == "data.export_sent").count() == 0
