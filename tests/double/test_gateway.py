"""Gateway behaviour: resume after a dropped connection, replayed events, compression, close codes."""

from __future__ import annotations

import asyncio
import json
import zlib

import aiohttp
import discord
import pytest

pytestmark = pytest.mark.asyncio


def collect(client: discord.Client, event: str) -> asyncio.Queue:
    """Every `event` from now on, in order (wait_for would miss those between two waits)."""
    queue: asyncio.Queue = asyncio.Queue()

    async def on_event(*args):
        queue.put_nowait(args[0] if len(args) == 1 else args)

    setattr(client, f"on_{event}", on_event)
    return queue


async def test_a_dropped_connection_resumes_and_loses_no_event(world, client):
    messages, resumed = collect(client, "message"), collect(client, "resumed")
    world.double.post_message(world.general, world.alice, "before")
    assert (await asyncio.wait_for(messages.get(), 5)).content == "before"

    world.double.drop_connections()  # TCP gone, no close frame
    for i in range(3):
        world.double.post_message(world.general, world.alice, f"while away {i}")
    await asyncio.wait_for(resumed.get(), 5)
    contents = [(await asyncio.wait_for(messages.get(), 5)).content for _ in range(3)]
    assert contents == ["while away 0", "while away 1", "while away 2"]
    session = world.double.sessions[0]
    assert len(world.double.sessions) == 1 and session.resumes == 1
    assert world.double.requests_matching("GET", "/users/@me").__len__() == 1


async def test_a_close_frame_and_a_reconnect_request_also_resume(world, client):
    resumed = collect(client, "resumed")
    world.double.drop_connections(code=4000)
    await asyncio.wait_for(resumed.get(), 5)
    world.double.request_reconnect()
    await asyncio.wait_for(resumed.get(), 5)
    assert world.double.sessions[0].resumes == 2


async def test_a_replayed_event_is_delivered_twice(world, client):
    messages = collect(client, "message")
    world.double.post_message(world.general, world.alice, "once")
    await world.double.wait_until_read()
    world.double.replay_last_event()
    first, second = await asyncio.wait_for(messages.get(), 5), await asyncio.wait_for(messages.get(), 5)
    assert first.id == second.id


class NoIdentifyPause(discord.Client):
    async def before_identify_hook(self, shard_id, *, initial=False):
        pass  # discord.py waits 5 s before a re-IDENTIFY by default (Discord's identify rate limit)


async def test_an_invalidated_session_identifies_again(world, connect):
    async with connect(cls=NoIdentifyPause) as client:
        ready = collect(client, "ready")
        world.double.invalidate_sessions()
        await asyncio.wait_for(ready.get(), 10)
    assert len(world.double.sessions) == 1 and world.double.sessions[0].resumes == 0


async def test_wait_until_read_and_feed_messages(world, client):
    messages = collect(client, "message")
    fed = await world.double.feed_messages((world.general, world.alice, str(i)) for i in range(1000))
    await world.double.wait_until_read(timeout=10)
    assert world.double.sessions[0].client_seq == world.double.sessions[0].seq
    seen = [(await asyncio.wait_for(messages.get(), 5)).content for _ in range(fed)]
    assert seen == [str(i) for i in range(1000)]


async def raw_gateway(double, query: str):
    session = aiohttp.ClientSession()
    ws = await session.ws_connect(double.gateway_url + query)
    return session, ws


async def test_zlib_stream_compression_and_unknown_session_resume(world):
    session, ws = await raw_gateway(world.double, "?v=10&encoding=json&compress=zlib-stream")
    inflate = zlib.decompressobj()

    async def receive():
        message = await ws.receive(timeout=5)
        assert message.data[-4:] == b"\x00\x00\xff\xff"
        return json.loads(inflate.decompress(message.data))

    try:
        hello = await receive()
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] == 5000
        await ws.send_json({"op": 1, "d": None})
        assert (await receive())["op"] == 11
        await ws.send_json({"op": 6, "d": {"token": "aegis-test-token", "session_id": "nope", "seq": 3}})
        assert await receive() == {"op": 9, "d": False}
    finally:
        await ws.close()
        await session.close()


@pytest.mark.parametrize(
    ("query", "first_payload", "close_code"),
    [
        ("?v=9&encoding=json", None, 4012),
        ("?v=10&encoding=etf", None, 4002),
        ("?v=10&encoding=json", {"op": 2, "d": {"token": "wrong", "intents": 1}}, 4004),
        ("?v=10&encoding=json", {"op": 8, "d": {"guild_id": "1"}}, 4003),
        ("?v=10&encoding=json", {"op": 99, "d": None}, 4001),
        ("?v=10&encoding=json", {"op": 2, "d": {"token": "aegis-test-token"}}, 4013),
        ("?v=10&encoding=json", {"op": 2, "d": {"token": "aegis-test-token", "intents": 1, "shard": [1, 1]}}, 4010),
    ],
)
async def test_close_codes(world, query, first_payload, close_code):
    session, ws = await raw_gateway(world.double, query)
    try:
        if first_payload is not None:
            assert (await ws.receive_json(timeout=5))["op"] == 10
            await ws.send_json(first_payload)
        while (await ws.receive(timeout=5)).type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            pass
        assert ws.close_code == close_code
    finally:
        await ws.close()
        await session.close()
