import discord.gateway
import discord.http
import yarl

from aegis.config import DiscordConfig


def point_discord_py_at(discord_config: DiscordConfig) -> None:
    """discord.py reads these class attributes on every request and every (re)connect; it has no option for them."""
    discord.http.Route.BASE = discord_config.api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(discord_config.gateway_url)
    discord.asset.Asset.BASE = discord_config.cdn_url.rstrip("/")
