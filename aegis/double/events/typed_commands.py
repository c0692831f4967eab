"""A slash command as a person types it, read against the command the bot registered:

    /warn member:eve reason:being rude        (named options, as Discord's client writes them)
    /warn eve being rude                      (in the declared order; the last option takes the rest)
    /settings escalation ladder:2 kick        (subcommand words come first)

Members are named by username (`eve` or `@eve`), channels by name (`#general`), roles by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aegis.double.events.interactions import OptionType
from aegis.double.world.models import Application, Guild
from aegis.double.world.state import DoubleState

_NAMED = re.compile(r"(?:^|\s)([a-z0-9_-]+):")
_SUBCOMMANDS = (OptionType.SUB_COMMAND, OptionType.SUB_COMMAND_GROUP)
_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}


@dataclass(frozen=True)
class TypedCommand:
    name: str
    subcommand: str | None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CommandTypo:
    reason: str

    def __str__(self) -> str:
        return self.reason


def read_typed_command(
    state: DoubleState, application: Application, guild: Guild, text: str
) -> TypedCommand | CommandTypo:
    words = text.strip().removeprefix("/").split(None, 1)
    if not words:
        return CommandTypo("Type a command, e.g. /warn member:eve reason:spam.")
    name, rest = words[0].lower(), words[1] if len(words) > 1 else ""
    command = application.guild_commands.get(guild.id, {}).get(name) or application.global_commands.get(name)
    if command is None:
        known = sorted({*application.global_commands, *application.guild_commands.get(guild.id, {})})
        return CommandTypo(
            f"There is no /{name}; the bot has {', '.join('/' + k for k in known) or 'no commands yet'}."
        )
    declared, path, rest = _walk_subcommands(command.data.get("options") or [], rest)
    if any(o.get("type") in _SUBCOMMANDS for o in declared):
        choices = ", ".join(o["name"] for o in declared)
        return CommandTypo(f"/{' '.join([name, *path])} needs one of: {choices}.")
    values = _split_values(declared, rest)
    if isinstance(values, CommandTypo):
        return values
    options: dict[str, Any] = {}
    for option in declared:
        if option["name"] in values:
            value = _convert(state, guild, option, values[option["name"]])
            if isinstance(value, CommandTypo):
                return value
            options[option["name"]] = value
        elif option.get("required"):
            return CommandTypo(f"/{name} needs {option['name']}: (e.g. {option['name']}:…).")
    return TypedCommand(name, " ".join(path) or None, options)


def _walk_subcommands(declared: list[dict], rest: str) -> tuple[list[dict], list[str], str]:
    path: list[str] = []
    while declared and all(o.get("type") in _SUBCOMMANDS for o in declared):
        words = rest.split(None, 1)
        chosen = next((o for o in declared if words and o["name"] == words[0].lower()), None)
        if chosen is None:
            break
        path.append(chosen["name"])
        declared, rest = chosen.get("options") or [], words[1] if len(words) > 1 else ""
    return declared, path, rest


def _split_values(declared: list[dict], rest: str) -> dict[str, str] | CommandTypo:
    known = {o["name"] for o in declared}
    marks = [m for m in _NAMED.finditer(rest) if m.group(1) in known]
    if not marks:
        return _positional(declared, rest)
    values = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(rest)
        values[mark.group(1)] = rest[mark.end() : end].strip()
    if rest[: marks[0].start()].strip():
        return CommandTypo(f"I could not tell which option {rest[: marks[0].start()].strip()!r} is for.")
    return values


def _positional(declared: list[dict], rest: str) -> dict[str, str]:
    """One word per option in the declared order; the last option takes the rest (a reason, a ladder)."""
    values = {}
    remaining = rest.strip()
    for option in declared[:-1]:
        if not remaining:
            break
        word, _, remaining = remaining.partition(" ")
        values[option["name"]], remaining = word, remaining.strip()
    if remaining and declared:
        values[declared[-1]["name"]] = remaining
    return values


def _convert(state: DoubleState, guild: Guild, option: dict, raw: str) -> Any:
    kind, name = option.get("type"), option["name"]
    if kind in (OptionType.USER, OptionType.MENTIONABLE):
        wanted = raw.removeprefix("@").lower()
        found = next((u for u in state.users.values() if u.username.lower() == wanted), None)
        return found if found else CommandTypo(f"{name}: nobody here is called {raw!r}.")
    if kind == OptionType.CHANNEL:
        wanted = raw.removeprefix("#").lower()
        found = next((state.channels[c] for c in guild.channel_ids if state.channels[c].name == wanted), None)
        return found if found else CommandTypo(f"{name}: there is no channel #{wanted}.")
    if kind == OptionType.ROLE:
        wanted = raw.removeprefix("@").lower()
        found = next((r for r in guild.roles.values() if r.name.lower() == wanted), None)
        return found if found else CommandTypo(f"{name}: there is no role called {raw!r}.")
    if kind == OptionType.INTEGER:
        return int(raw) if raw.lstrip("-").isdigit() else CommandTypo(f"{name}: {raw!r} is not a whole number.")
    if kind == OptionType.NUMBER:
        try:
            return float(raw)
        except ValueError:
            return CommandTypo(f"{name}: {raw!r} is not a number.")
    if kind == OptionType.BOOLEAN:
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        return CommandTypo(f"{name}: say true or false, not {raw!r}.")
    return raw
