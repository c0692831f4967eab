"""What the event-log tests share: a logs channel, /log set, and waiting for a log post or the store."""

import asyncio

from aegis.storage import models as m

POSTS = "/channels/{channel_id}/messages"


async def logs_channel(server):
    """A #logs channel made the way a moderator would, so the bot hears of it."""
    channel = server.double.guild_events.create_channel(server.guild, "logs")
    await server.double.wait_until_read()
    return channel


async def log_in(server, kind: str, channel) -> str:
    handle = server.double.invoke_command(
        server.guild, server.general, server.admin, "log", {"type": kind, "channel": channel}, subcommand="set"
    )
    return (await handle.wait_for_reply(timeout=10)).content


async def posted(server, channel, *, since: int = 0, containing: str = "", timeout: float = 10):
    """The next log post in `channel` whose text holds `containing`."""
    request = await server.double.wait_for_request(
        "POST",
        POSTS,
        timeout=timeout,
        since=since,
        where=lambda r: r.params["channel_id"] == str(channel.id) and containing in (r.json or {}).get("content", ""),
    )
    assert request.json["allowed_mentions"] == {"parse": []}, "log posts ping nobody"
    return request


async def until(condition, timeout: float = 5) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    assert condition()


async def flushed(bot, count: int) -> None:
    for _ in range(100):
        await bot.log_events.store.flush()
        if m.LoggedMessage.select().count() >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} logged message(s) never reached the database")
