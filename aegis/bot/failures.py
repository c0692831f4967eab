"""Failures at start-up and while running, each told in one line that names its cause.

Command sync: which command Discord refused and what it said. A command that raised: the reply that says why,
when the cause is one a moderator can act on (the database unreachable). A gateway event discord.py cannot read: skipped
and logged, not the end of the process. A background task that fails: logged with its cause and started again.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import discord

from aegis.services.dbcall import DatabaseUnavailable
from aegis.services.wording import database

log = logging.getLogger("aegis.bot")
RESTART_AFTER_S = 5.0


# ---- command sync ----


def sync_refusal(exc: discord.HTTPException, commands: list[dict[str, Any]]) -> str:
    """`commands` as sent (the payload's order is the index Discord's `errors` object uses)."""
    problems = []
    for index, inner in (getattr(exc, "_errors", None) or {}).items():
        command = commands[int(index)] if index.isdigit() and int(index) < len(commands) else None
        where = f"/{command.get('name', index)}" if command is not None else index
        for path, message in _flatten(inner, command):
            problems.append(f"{where}{path}: {message}")
    detail = "; ".join(problems) or exc.text or "no reason given"
    return (
        f"Discord refused Aegis's slash commands (HTTP {exc.status}, error {exc.code}): {detail}. "
        "Aegis cannot start without them; this is a defect in Aegis (or a server that is not Discord)"
    )


def _flatten(node: Any, payload: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Discord's nested `errors` object, e.g. {"options": {"0": {"description": {"_errors": [...]}}}}, as
    (" › options › reason › description", "Must be ...") with indexes into lists shown by the item's name."""
    if not isinstance(node, dict):
        yield path, str(node)
        return
    if "_errors" in node:
        yield path, " ".join(str(e.get("message", e)) for e in node["_errors"] if isinstance(e, dict))
    for key, child in node.items():
        if key == "_errors":
            continue
        item = _item(payload, key)
        label = item.get("name", key) if isinstance(item, dict) and isinstance(payload, list) else key
        yield from _flatten(child, item, f"{path} › {label}")


def _item(payload: Any, key: str) -> Any:
    if isinstance(payload, list) and key.isdigit() and int(key) < len(payload):
        return payload[int(key)]
    return payload.get(key) if isinstance(payload, dict) else None


# ---- commands ----


def failure_text(error: BaseException) -> str | None:
    """The sentence for a command's known cause of failure, or None (the caller's generic "something went wrong").
    discord.py wraps the cause: `original` for the command's own errors, `__cause__` for wrapped ones."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, DatabaseUnavailable):
            return database.UNREACHABLE
        seen.add(id(cause))
        cause = getattr(cause, "original", None) or cause.__cause__
    return None


# ---- gateway events ----


def guard_parsers(parsers: dict[str, Callable[[Any], Any]]) -> None:
    """discord.py ends the whole connection (and so the process) when one event's payload does not parse; a
    server that sends one odd payload should cost that event, not the moderation of every guild."""
    for event, parse in list(parsers.items()):
        parsers[event] = _guarded(event, parse)


def _guarded(event: str, parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen = False

    @functools.wraps(parse)
    def guarded(data: Any) -> Any:
        nonlocal seen
        try:
            return parse(data)
        except Exception as exc:
            log.error(
                "gateway event %s could not be read (%s: %s); skipped it and carried on",
                event,
                type(exc).__name__,
                exc,
                exc_info=None if seen else exc,  # the traceback once per event type, not once per event
            )
            seen = True
            return None

    return guarded


# ---- background tasks ----


def supervised(name: str, work: Callable[[], Awaitable[Any]]) -> asyncio.Task:
    """Runs `work()` as a task that, when it fails (or returns, which a loop never should), says so with the
    cause and starts it again a few seconds later. Cancelling the task ends it."""
    return asyncio.create_task(_keep_running(name, work), name=name)


async def _keep_running(name: str, work: Callable[[], Awaitable[Any]]) -> None:
    while True:
        try:
            await work()
            log.error("background task %s stopped on its own; starting it again in %gs", name, RESTART_AFTER_S)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.error(
                "background task %s failed (%s: %s); starting it again in %gs",
                name,
                type(exc).__name__,
                exc,
                RESTART_AFTER_S,
                exc_info=exc,
            )
        await asyncio.sleep(RESTART_AFTER_S)


def stop_reason(exc: BaseException) -> str:
    """The one line `aegis run` ends with when the connection to Discord ends in a way nothing else explains."""
    if isinstance(exc, discord.ConnectionClosed):
        return (
            f"Discord closed the gateway connection with code {exc.code}"
            + (f" ({exc.reason})" if exc.reason else "")
            + "; Aegis does not reconnect after that code: see Discord's gateway close codes"
        )
    return f"stopped by an unexpected error: {type(exc).__name__}: {exc} (the traceback is in the log above)"
