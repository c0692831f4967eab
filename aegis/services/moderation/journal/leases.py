"""Who is doing a piece of work (an outbox row in flight, a running expiry), and whether they still can be.

A lease names its owner (host:pid) and runs until a time the owner keeps pushing forward. Work is taken back
only from a dead owner: a lease that ran out, or a process on this host that no longer exists (a SIGKILL'd
bot's work is taken back at the restart, not a lease-length later)."""

import asyncio
import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from aegis import clock
from aegis.services.dbcall import db_call

LEASE = timedelta(seconds=30)
RENEW_EVERY = 10.0  # seconds: a third of the lease, so a slow round trip never lets a live owner's lease lapse


def me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def until() -> datetime:
    return clock.now() + LEASE


def is_dead(owner: str | None, lease_until: datetime | None, now: datetime | None = None) -> bool:
    if owner is None or lease_until is None:
        return True
    if owner == me():  # our own row: dead only when we stopped renewing it (we gave it up)
        return lease_until < (now or clock.now())
    host, _, pid = owner.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and not _alive(int(pid)):
        return True
    return lease_until < (now or clock.now())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class kept:
    """Pushes a lease forward while the work under it runs (a 429 can hold a Discord call for long)."""

    def __init__(self, renew: Callable[[int, str, datetime], bool], row_id: int):
        self._renew, self._id, self._task = renew, row_id, None

    async def __aenter__(self):
        self._task = asyncio.create_task(self._loop())

    async def __aexit__(self, *exc):
        self._task.cancel()

    async def _loop(self):
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                await db_call(self._renew, self._id, me(), until())
            except Exception:  # a missed renewal only shortens the lease; the next one may land
                pass
