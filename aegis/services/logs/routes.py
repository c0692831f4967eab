"""Each guild's event-log channels and content retention, held in memory for the gateway's hot paths. The bot's
settings source feeds it whenever it reads a guild's settings (first use, and every change)."""

from aegis.domain.guilds import GuildSettings
from aegis.services.logs.kinds import MODERATION, NEED_CONTENT

CONTENT_HOURS = "message_content_hours"


class LogRoutes:
    def __init__(self, default_content_hours: int = 24) -> None:
        self.default_content_hours = default_content_hours
        self._channels: dict[int, dict[str, int]] = {}
        self._keeps: dict[int, bool] = {}

    def store(self, settings: GuildSettings) -> None:
        channels = dict(settings.logs)
        if settings.mod_log_channel_id:
            channels[MODERATION] = settings.mod_log_channel_id
        self._channels[settings.guild_id] = channels
        hours = content_hours(settings, self.default_content_hours)
        self._keeps[settings.guild_id] = bool(hours) and not NEED_CONTENT.isdisjoint(channels)

    def known(self, guild_id: int) -> bool:
        return guild_id in self._channels

    def channel(self, guild_id: int, kind: str) -> int | None:
        channels = self._channels.get(guild_id)
        return channels.get(kind) if channels else None

    def keeps_content(self, guild_id: int) -> bool | None:
        """Whether messages in this guild are kept for its edit and delete logs; None while unknown."""
        return self._keeps.get(guild_id)


def content_hours(settings: GuildSettings, default: int) -> int:
    return settings.retention.get(CONTENT_HOURS, default)
