import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from aegis.storage import session
from aegis.storage.database import DatabaseUnavailable

T = TypeVar("T")
__all__ = ["DatabaseUnavailable", "db_call", "restart_pool"]


def _new_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="aegis-db")


# peewee is synchronous: every storage call from the event loop runs here so the gateway heartbeat never waits.
_pool = _new_pool()


async def db_call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Raises DatabaseUnavailable when the database cannot be reached (nothing `fn` began was kept); a dropped
    connection is reopened by the next call."""
    return await asyncio.get_running_loop().run_in_executor(_pool, partial(session.run, fn, *args, **kwargs))


def restart_pool() -> None:
    """Let the worker threads finish and end, and with them the connection each one opened (peewee keeps one per
    thread per database); later calls get fresh threads. For whoever binds a new database, as each test does:
    otherwise every old database keeps four connections open until the garbage collector finds it."""
    global _pool
    old, _pool = _pool, _new_pool()
    old.shutdown(wait=True)
