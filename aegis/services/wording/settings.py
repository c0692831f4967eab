"""Every sentence /settings answers with: the server's moderation settings at a glance."""

from datetime import timedelta

from aegis.domain.durations import describe
from aegis.domain.guilds import GuildSettings
from aegis.domain.ladder import describe_ladder

CHANGING = "change this server's moderation settings"
READING = "see this server's moderation settings"
AUTOMOD_CHANGING = "change this server's automod settings"
AUTOMOD_READING = "see this server's automod settings"


def summary(settings: GuildSettings) -> str:
    lifetime = describe(timedelta(seconds=settings.warning_lifetime_s)) if settings.warning_lifetime_s else "never"
    return "\n".join(
        [
            "**Moderation settings**",
            f"Mod log: {f'<#{settings.mod_log_channel_id}>' if settings.mod_log_channel_id else 'not set'}",
            f"Mute role: {f'<@&{settings.mute_role_id}>' if settings.mute_role_id else 'not set (/mute is off)'}",
            f"DM members about actions: {'on' if settings.dm_on_action else 'off'}",
            f"Warnings expire after: {lifetime}",
            f"Escalation ladder: {describe_ladder(settings.escalation)}",
        ]
    )


def saved(settings: GuildSettings) -> str:
    return f"✅ Saved.\n{summary(settings)}"


def bad_lifetime(problem: str) -> str:
    return f"{problem}; or write never."
