"""The Discord permissions Aegis needs in a server: defined once, for the invite URL and for `aegis doctor`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RequiredPermission:
    name: str  # Discord's API name, e.g. "BAN_MEMBERS"
    bit: int
    label: str  # as Discord's Server Settings show it
    why: str  # what Aegis cannot do without it

    @property
    def value(self) -> int:
        return 1 << self.bit


REQUIRED_PERMISSIONS: tuple[RequiredPermission, ...] = (
    RequiredPermission("KICK_MEMBERS", 1, "Kick Members", "/kick and raid resolve cannot kick"),
    RequiredPermission("BAN_MEMBERS", 2, "Ban Members", "/ban, /tempban and raid resolve cannot ban"),
    RequiredPermission(
        "MANAGE_CHANNELS", 4, "Manage Channels", "/lockdown, /unlock and /slowmode cannot change channels"
    ),
    RequiredPermission(
        "VIEW_AUDIT_LOG", 7, "View Audit Log", "actions taken outside Aegis cannot be attributed to who took them"
    ),
    RequiredPermission("VIEW_CHANNEL", 10, "View Channels", "Aegis cannot see the channels it moderates"),
    RequiredPermission("SEND_MESSAGES", 11, "Send Messages", "the mod log and notices cannot be posted"),
    RequiredPermission("MANAGE_MESSAGES", 13, "Manage Messages", "automod and /purge cannot delete messages"),
    RequiredPermission(
        "EMBED_LINKS", 14, "Embed Links", "replies and mod-log entries that carry embeds cannot be posted"
    ),
    RequiredPermission("ATTACH_FILES", 15, "Attach Files", "/automod export cannot attach its file"),
    RequiredPermission("READ_MESSAGE_HISTORY", 16, "Read Message History", "/purge cannot find older messages"),
    RequiredPermission("MANAGE_ROLES", 28, "Manage Roles", "/mute cannot give or take the muted role"),
    RequiredPermission("MODERATE_MEMBERS", 40, "Moderate Members", "/timeout and automod cannot time members out"),
)

ADMINISTRATOR = 1 << 3


def required_permissions_value() -> int:
    """The permissions integer for the invite URL's `permissions=` parameter."""
    value = 0
    for permission in REQUIRED_PERMISSIONS:
        value |= permission.value
    return value


def missing_permissions(granted: int) -> list[RequiredPermission]:
    """Which required permissions `granted` (a guild-level permissions integer) lacks; Administrator has them all."""
    if granted & ADMINISTRATOR:
        return []
    return [p for p in REQUIRED_PERMISSIONS if not granted & p.value]


def invite_url(application_id: int) -> str:
    """The URL that adds the bot to a server with exactly the permissions above, and its slash commands."""
    return (
        "https://discord.com/oauth2/authorize"
        f"?client_id={application_id}&scope=bot+applications.commands&permissions={required_permissions_value()}"
    )


def granted_by(role_permissions: list[int]) -> int:
    """A member's server-wide permissions: @everyone's and every one of its roles', together."""
    granted = 0
    for permissions in role_permissions:
        granted |= permissions
    return granted
