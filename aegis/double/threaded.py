"""DiscordDoubleThread: the double on its own event loop in a background thread, with blocking methods.

For tests where the bot is another process (`aegis run`) or runs on its own loop, and for benchmarks.
Every public DiscordDouble method is available: sync ones run on the double's loop and return their
result, coroutine ones are awaited there. `wait(coro)` runs any coroutine (e.g. an InteractionHandle's).
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

from aegis.double.double import DiscordDouble

T = TypeVar("T")


class DiscordDoubleThread:
    def __init__(self, **double_options: Any) -> None:
        self._double_options = double_options
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="discord-double", daemon=True)
        self.double: DiscordDouble | None = None

    def start(self, host: str = "127.0.0.1", port: int = 0) -> DiscordDoubleThread:
        self._thread.start()

        async def start() -> DiscordDouble:
            return await DiscordDouble(**self._double_options).start(host, port)

        self.double = self.wait(start())
        return self

    def stop(self) -> None:
        if self.double is not None:
            self.wait(self.double.stop())
            self.double = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> DiscordDoubleThread:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def wait(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a plain function on the double's loop (state is only ever touched from that thread)."""
        future: Future[T] = Future()

        def run() -> None:
            try:
                future.set_result(function(*args, **kwargs))
            except BaseException as exc:  # handed to the calling thread
                future.set_exception(exc)

        self._loop.call_soon_threadsafe(run)
        return future.result()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or self.double is None:
            raise AttributeError(name)
        if isinstance(inspect.getattr_static(self.double, name, None), property):
            return self.call(getattr, self.double, name)
        attribute = getattr(self.double, name)
        if inspect.iscoroutinefunction(attribute):
            return lambda *args, **kwargs: self.wait(attribute(*args, **kwargs))
        if callable(attribute):
            return lambda *args, **kwargs: self.call(attribute, *args, **kwargs)
        return self.call(getattr, self.double, name)
