"""What /welcome, /goodbye say, and the greetings Aegis posts unless a server writes its own."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aegis.domain.guilds import GuildSettings

CHANGING = "change the welcome and goodbye messages"
READING = "read the welcome and goodbye settings"
EMPTY = "A message needs some text."
DEFAULT_WELCOME = "Welcome to {server}, {user}! You are member number {member_count}."
DEFAULT_GOODBYE = "{user} has left {server}. We are {member_count} now."
DESCRIBE_CHANNEL = "Where to post it; leave empty to stop posting."
DESCRIBE_MESSAGE = "The text; {user}, {server} and {member_count} are filled in."
WELCOME_GROUP = "The message new members are greeted with."
GOODBYE_GROUP = "The message posted when a member leaves."
DESCRIBE_DM = "Whether the welcome also goes to the newcomer's DMs."


def departed(username: str) -> str:
    return f"**{username}**"


def known(placeholders: tuple[str, ...]) -> str:
    return ", ".join("{" + p + "}" for p in placeholders)


def unknown_placeholders(unknown: list[str], placeholders: tuple[str, ...]) -> str:
    return f"I do not know {known(tuple(unknown))}; the placeholders are {known(placeholders)}."


def bad_braces(placeholders: tuple[str, ...]) -> str:
    return f"A {{ or }} does not pair up; the placeholders are {known(placeholders)}, each in one pair of braces."


def too_long(length: int, most: int) -> str:
    return f"That message is {length} characters; it can have {most}."


def channel_saved(kind: str, channel_id: int | None) -> str:
    if channel_id is None:
        return f"✅ No {kind} messages from now on."
    return f"✅ {kind.capitalize()} messages go to <#{channel_id}>."


def message_saved(kind: str, settings: "GuildSettings") -> str:
    channel = getattr(settings, f"{kind}_channel_id")
    where = f"in <#{channel}>" if channel else f"once you set a channel with /{kind} channel"
    return f"✅ The {kind} message is saved; it will be posted {where}."


def dm_saved(on: bool) -> str:
    return "✅ Newcomers also get the welcome in their DMs." if on else "✅ The welcome goes to the channel only."


def summary(settings: "GuildSettings") -> str:
    lines = []
    for kind in ("welcome", "goodbye"):
        channel = getattr(settings, f"{kind}_channel_id")
        message = getattr(settings, f"{kind}_message") or (DEFAULT_WELCOME if kind == "welcome" else DEFAULT_GOODBYE)
        lines.append(f"**{kind.capitalize()}**: {f'<#{channel}>' if channel else 'off'} — {message}")
    lines.append(f"Welcome by DM: {'on' if settings.welcome_dm else 'off'}")
    return "\n".join(lines)
