"""Telling every bot process that a guild's settings changed, so each drops its cached copy at once.

Two implementations of one interface: in-process (the embedded default: the listeners in this process hear
it) and Redis pub/sub (channel `<[redis] prefix>settings`, every process of the deployment hears it). Neither ever raises into its
caller: a change is already stored when it is published, and a process that misses the message still
notices the new settings version through the database check (see automod_settings.keep_fresh).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress

log = logging.getLogger("aegis.settings")

CHANNEL = "aegis:settings"  # without a configured prefix (tests); a deployment's comes from RedisConfig
DOWN_MESSAGE = "Redis unreachable: settings changes reach other bot processes through the 5 s database check"
BACK_MESSAGE = "Redis answers again: settings changes reach every bot process at once"

Listener = Callable[[int, int], Awaitable[None]]  # (guild_id, new settings version)


class SettingsBus:
    """In-process: `publish` runs this process's listeners and nothing else."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self.generation = 0  # moves on each time messages from other processes start arriving (again)

    @property
    def live(self) -> bool:
        """Whether other processes' changes arrive here as messages; if not, only the database check finds them."""
        return False

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def publish(self, guild_id: int, version: int) -> None:
        await self._deliver(guild_id, version)

    async def _deliver(self, guild_id: int, version: int) -> None:
        for listener in list(self._listeners):
            try:
                await listener(guild_id, version)
            except Exception:
                log.exception("settings listener failed guild=%s version=%s", guild_id, version)


class RedisSettingsBus(SettingsBus):
    """Publishes on, and listens to, one Redis channel. The listener survives Redis going away: it logs once,
    tries again every `retry_s`, and logs once more when Redis answers; `live` says which state it is in."""

    def __init__(self, url: str, channel: str = CHANNEL, retry_s: float = 2.0) -> None:
        super().__init__()
        self.url, self.channel, self.retry_s = url, channel, retry_s
        self._publisher = None
        self._task: asyncio.Task | None = None
        self._subscribed = asyncio.Event()
        self._down_logged = False

    @property
    def live(self) -> bool:
        return self._subscribed.is_set()

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._listen(), name="aegis-settings-bus")

    async def wait_live(self, timeout: float) -> None:
        await asyncio.wait_for(self._subscribed.wait(), timeout)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._publisher is not None:
            with suppress(Exception):
                await self._publisher.aclose()
            self._publisher = None

    async def publish(self, guild_id: int, version: int) -> None:
        await self._deliver(guild_id, version)  # this process first, without a round trip
        try:
            if self._publisher is None:
                self._publisher = _client(self.url)
            await self._publisher.publish(self.channel, json.dumps({"guild_id": guild_id, "version": version}))
        except Exception as exc:
            self._went_down(exc)
        else:
            self._came_back()

    async def _listen(self) -> None:
        while True:
            client = _client(self.url)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                self.generation += 1
                self._subscribed.set()
                self._came_back()
                while True:
                    # A timeout rather than blocking for ever: each turn lets redis-py send its health-check ping.
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                    if message is not None and message.get("type") == "message":
                        await self._received(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._went_down(exc)
            finally:
                self._subscribed.clear()
                with suppress(Exception):
                    await pubsub.aclose()
                with suppress(Exception):
                    await client.aclose()
            await asyncio.sleep(self.retry_s)

    async def _received(self, data: bytes | str) -> None:
        try:
            body = json.loads(data)
            guild_id, version = int(body["guild_id"]), int(body["version"])
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("ignored a malformed settings message %r: %s", data, exc)
            return
        await self._deliver(guild_id, version)

    def _went_down(self, exc: Exception) -> None:
        if not self._down_logged:
            self._down_logged = True
            log.warning("%s (%s)", DOWN_MESSAGE, exc)

    def _came_back(self) -> None:
        if self._down_logged:
            self._down_logged = False
            log.info(BACK_MESSAGE)


def _client(url: str):
    import redis.asyncio
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    # No silent retries inside redis-py: a lost connection must reach _listen, which says so and resubscribes.
    return redis.asyncio.Redis.from_url(
        url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=15, retry=Retry(NoBackoff(), 0)
    )


def settings_bus_for(redis_url: str | None, channel: str = CHANNEL) -> SettingsBus:
    """`channel` is the deployment's ([redis] prefix + "settings"), so deployments sharing a Redis stay apart."""
    return RedisSettingsBus(redis_url, channel) if redis_url else SettingsBus()
