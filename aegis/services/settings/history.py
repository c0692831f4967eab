"""A guild's settings as versioned, diffable data: its history, a diff between two versions, a rollback to one,
and the whole set out to a TOML file and back in.

Every save already keeps a whole revision (storage.settings_history). Rolling back or importing is one more
save, audited like any other change, so history only ever grows and a rollback can itself be undone."""

import difflib
import tomllib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import tomli_w

from aegis.domain.actors import Actor
from aegis.domain.guilds import GuildSettings
from aegis.domain.refusals import Refusal
from aegis.services.settings.validation import validate
from aegis.storage import guilds
from aegis.storage.records import settings_history
from aegis.storage.records.settings_history import Revision


@dataclass(frozen=True, slots=True)
class Entry:
    revision: Revision
    changed: tuple[str, ...]  # the settings that differ from the revision before (all of them for the first)


def history(guild_id: int) -> list[Entry]:
    revisions = settings_history.history(guild_id)
    entries, before = [], None
    for revision in revisions:
        changed = tuple(k for k, v in revision.settings.items() if before is None or before.get(k) != v)
        entries.append(Entry(revision, changed))
        before = revision.settings
    return entries


def settings_at(guild_id: int, version: int | None = None) -> dict[str, Any] | Refusal:
    """The settings as plain data: a stored version, or (None) what is in force now."""
    if version is None:
        return guilds.get_settings(guild_id).to_data()
    revision = settings_history.get(guild_id, version)
    if revision is None:
        return _no_revision(guild_id, version)
    return revision.settings


def to_toml(guild_id: int, data: dict[str, Any], *, version: int | None = None, at: datetime | None = None) -> str:
    """TOML has no null: a setting that is unset is left out, and reads back as unset."""
    header = f"# Aegis settings for guild {guild_id}"
    if version is not None:
        header += f", version {version}" + (f" ({at:%Y-%m-%d %H:%M} UTC)" if at else "")
    order = list(GuildSettings(guild_id).to_data())
    ordered = {k: data[k] for k in sorted(data, key=lambda k: order.index(k) if k in order else len(order))}
    body = tomli_w.dumps(_normal(ordered))
    return (
        f"{header}\n# aegis config import {guild_id} FILE applies it (validated whole, shown as a diff first)\n\n{body}"
    )


def diff(guild_id: int, old: int, new: int | None = None) -> str | Refusal:
    """A unified diff of the two versions' TOML (`new` None: what is in force now); empty when they agree."""
    before, after = settings_at(guild_id, old), settings_at(guild_id, new)
    for side in (before, after):
        if isinstance(side, Refusal):
            return side
    return _diff(guild_id, before, after, f"version {old}", "now" if new is None else f"version {new}")


def _diff(guild_id: int, before: dict, after: dict, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(
        to_toml(guild_id, before).splitlines(keepends=True)[3:],
        to_toml(guild_id, after).splitlines(keepends=True)[3:],
        fromfile=old_name,
        tofile=new_name,
    )
    return "".join(lines)


def rollback(guild_id: int, version: int, actor: Actor) -> GuildSettings | Refusal:
    data = settings_at(guild_id, version)
    if isinstance(data, Refusal):
        return data
    return _save(guild_id, data, actor, "settings.rollback", {"to_version": version})


@dataclass(frozen=True, slots=True)
class Import:
    data: dict[str, Any]
    diff: str  # against what is in force now; empty: the file changes nothing


def read_import(guild_id: int, text: str) -> Import | Refusal:
    """Parse and validate a whole settings file; nothing is stored."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Refusal("toml", f"The file is not valid TOML: {exc}.")
    data = validate(raw)
    if isinstance(data, Refusal):
        return data
    current = guilds.get_settings(guild_id).to_data()
    return Import(data, _diff(guild_id, current, data, "now", "the file"))


def apply_import(guild_id: int, checked: Import, actor: Actor) -> GuildSettings:
    return _save(guild_id, checked.data, actor, "settings.import", {})


def _save(guild_id: int, data: dict, actor: Actor, action: str, details: dict) -> GuildSettings:
    def change(current: GuildSettings):
        return GuildSettings.from_data(guild_id, data, current.version), action, details

    return guilds.update_settings(guild_id, actor, change)


def _normal(value: Any, top: bool = True) -> Any:
    """No nulls (TOML has none), and nested tables in key order, so two versions diff line by line."""
    if isinstance(value, dict):
        items = value.items() if top else sorted(value.items())
        return {k: _normal(v, top=False) for k, v in items if v is not None}
    if isinstance(value, list):
        return [_normal(v, top=False) for v in value]
    return value


def _no_revision(guild_id: int, version: int) -> Refusal:
    known = [r.version for r in settings_history.history(guild_id)]
    listed = ", ".join(map(str, known)) if known else "none yet"
    return Refusal(
        "no_revision",
        f"Guild {guild_id} has no settings version {version}; its versions are {listed} "
        f"(see aegis config history {guild_id}).",
    )
