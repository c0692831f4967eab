import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, Callable, TypeVar

T = TypeVar("T")

# peewee is synchronous: every storage call from the event loop runs here so the gateway heartbeat never waits.
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="aegis-db")


async def db_call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_pool, partial(fn, *args, **kwargs))
