"""Pointing the real discord.py client at a Discord-compatible server (the double, or a proxy).

discord.py has no constructor option for either address, but both are class attributes it reads
on every use: `Route.BASE` for REST (interaction webhooks included) and
`DiscordWebSocket.DEFAULT_GATEWAY` for the first connection and after an invalidated session
(resumes go to READY's `resume_gateway_url`, which the double points at itself).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import discord.gateway
import discord.http
import yarl


def point_discord_py_at(api_url: str, gateway_url: str) -> None:
    discord.http.Route.BASE = api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


@contextmanager
def discord_py_pointed_at(api_url: str, gateway_url: str) -> Iterator[None]:
    """For tests: point discord.py at the double, and back at Discord afterwards."""
    previous = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    point_discord_py_at(api_url, gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = previous
