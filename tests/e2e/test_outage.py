"""The database goes away and comes back while the real bot runs: Postgres behind a loopback proxy the test cuts,
restores and slows down (the server itself is never stopped). SQLite has no connection to lose: Postgres leg."""

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest

from aegis.domain.moderation.cases import CaseType
from aegis.domain.moderation.schedule import ScheduleState
from aegis.services.wording.database import UNREACHABLE
from aegis.storage import session
from aegis.storage.database import bind, open_database
from aegis.storage.moderation import cases, schedule
from tests.e2e.test_moderation_commands import BAN_ROUTE, command
from tests.e2e.test_mute import eventually
from tests.proxy import TcpProxy

ACK_DEADLINE = 3.0  # Discord forgets an interaction not answered (or deferred) within 3 s: 10062 Unknown interaction
LATENCY = 4.0


def proxied(db, postgres_url, query: str = ""):
    proxy = TcpProxy.for_url(postgres_url)
    through = bind(open_database(proxy.url_through(postgres_url) + query))
    yield proxy
    session.let_go(through)
    proxy.close()
    bind(db)


@pytest.fixture
def proxy(db, postgres_url):
    """The models (the bot's and the test's) bound to the test database through the proxy; asked for before `bot`."""
    yield from proxied(db, postgres_url)


@pytest.fixture
def slow_proxy(db, postgres_url):
    """The same, with a connect timeout that a 4 s round trip fits in (each new connection needs two of them)."""
    yield from proxied(db, postgres_url, "?connect_timeout=20")


async def timed_command(server, name, options, *, deadline: float):
    """Invoke, and require an acknowledgement (a reply or a defer) within `deadline`; then the answer."""
    started = time.monotonic()
    handle = server.double.invoke_command(server.guild, server.general, server.moderator, name, options)
    await handle.response(timeout=deadline)
    acknowledged = time.monotonic() - started
    assert acknowledged < deadline, f"/{name} acknowledged after {acknowledged:.1f} s"
    return handle


async def test_commands_during_an_outage_are_told_nothing_was_recorded_and_aegis_recovers(proxy, bot, server):
    reply, _ = await command(server, "warn", {"member": server.alice, "reason": "one"})
    assert "Case #1: Warning" in reply.content

    proxy.cut()
    for name, options in [
        ("warn", {"member": server.alice, "reason": "two"}),
        ("warnings", {"member": server.alice}),
        ("case", {"number": 1}),
    ]:
        started = time.monotonic()
        handle = server.double.invoke_command(server.guild, server.general, server.moderator, name, options)
        reply = await handle.wait_for_reply(timeout=ACK_DEADLINE)
        assert reply.content == UNREACHABLE, f"/{name} during the outage"
        assert time.monotonic() - started < ACK_DEADLINE

    proxy.restore()  # no restart: the bot's dead connections are replaced as they are next used
    reply, _ = await command(server, "warn", {"member": server.alice, "reason": "three"})
    assert "Case #2: Warning" in reply.content
    listing, _ = await command(server, "warnings", {"member": server.alice})
    assert "one" in listing.content and "three" in listing.content and "two" not in listing.content
    recorded = [c.reason for c in cases.for_target(server.guild.id, server.alice.id, types=(CaseType.WARN,))]
    assert recorded == ["three", "one"]


async def test_an_expiry_due_during_an_outage_runs_once_the_database_is_back(proxy, bot, server):
    reply, _ = await command(server, "ban", {"member": server.bob, "duration": "2s", "reason": "cool off"})
    assert "Temporary ban" in reply.content
    [expiry] = schedule.pending()

    proxy.cut()
    await eventually(lambda: datetime.now(UTC) > expiry.due_at + timedelta(seconds=1), "never due", timeout=10)
    await asyncio.sleep(0)
    assert server.double.requests_matching("DELETE", BAN_ROUTE) == []
    assert server.bob.id in server.double.bans(server.guild)

    restored_at = time.monotonic()
    proxy.restore()
    unban = await server.double.wait_for_request("DELETE", BAN_ROUTE, timeout=10)
    assert unban.params["user_id"] == str(server.bob.id)
    assert time.monotonic() - restored_at < 5
    await eventually(lambda: schedule.get(expiry.id).state is ScheduleState.DONE, "the expiry was never marked done")
    assert not cases.get(server.guild.id, 1).active
    assert len(server.double.requests_matching("DELETE", BAN_ROUTE)) == 1


async def test_with_4s_per_round_trip_every_command_is_acknowledged_in_time_and_completed(slow_proxy, bot, server):
    reply, _ = await command(server, "note", {"member": server.bob, "text": "before the slowdown"})
    assert "Case #1: Note" in reply.content
    slow_proxy.latency = LATENCY
    for name, options, expected in [
        ("warn", {"member": server.alice, "reason": "slow"}, "Case #2: Warning"),
        ("warnings", {"member": server.alice}, "slow"),
    ]:
        handle = await timed_command(server, name, options, deadline=ACK_DEADLINE)
        assert handle.deferred
        reply = await handle.wait_for_reply(timeout=120)
        assert expected in reply.content, f"/{name} under latency"
    slow_proxy.latency = 0


async def test_with_4s_per_round_trip_the_first_command_in_a_server_is_acknowledged_in_time(slow_proxy, bot, server):
    """The first command in a server reads its settings: the acknowledgement must not wait for them (Discord's 3 s
    deadline): the command tree defers before any storage work."""
    slow_proxy.latency = LATENCY
    handle = await timed_command(server, "warn", {"member": server.alice, "reason": "cold"}, deadline=ACK_DEADLINE)
    reply = await handle.wait_for_reply(timeout=120)
    assert "Case #1: Warning" in reply.content
    slow_proxy.latency = 0


async def test_a_ban_made_in_discord_during_an_outage_is_recorded_once_the_database_is_back(proxy, bot, server):
    proxy.cut()
    server.double.ban(server.guild, server.bob, "raiding", by=server.admin)
    await server.double.wait_until_read()
    proxy.restore()
    await eventually(lambda: cases.get(server.guild.id, 1) is not None, "the manual ban was never recorded")
    ban = cases.get(server.guild.id, 1)
    assert (ban.type, ban.moderator_id, ban.reason) == (CaseType.BAN, server.admin.id, "raiding")
    await server.double.wait_until_read()
    assert len(cases.for_target(server.guild.id, server.bob.id)) == 1
