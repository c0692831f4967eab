"""One user's data as a single JSON document (schema `aegis.user-data`, version 1, documented in docs/data.md).

The document holds what Aegis keeps about the user and nothing about anyone else: where a row names another
user (the moderator of a case against them, the member a case of theirs was against), that id is left out."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from aegis import __version__, clock
from aegis.storage.records import userdata
from aegis.storage.records.userdata import USER_COLUMNS

SCHEMA, VERSION = "aegis.user-data", 1
USER_COLUMN_NAMES = {
    model._meta.table_name: {getattr(model, c).column_name for c in columns} for model, columns in USER_COLUMNS.items()
}
SECTIONS = {  # table → section of the document, in the order a person reads them
    "user": "user",
    "member": "memberships",
    "mod_case": "cases",
    "audit_entry": "audit_entries",
    "automod_event": "automod_detections",
    "scheduled_action": "scheduled_actions",
    "raid_member": "raid_cohorts",
    "raid": "raids_switched",
    "custom_command": "tags",
    "settings_revision": "settings_changes",
    "logged_message": "logged_messages",
}


def export_user(
    user_id: int, guild_id: int | None = None, unseal: Callable[[str], dict[str, Any]] | None = None
) -> dict[str, Any]:
    """`unseal` opens a logged message's sealed content (aegis.services.logs.store.opener); without it the
    document holds no content of theirs, only that the message was kept."""
    found = userdata.rows_naming(user_id, guild_id)
    for row in found.get("logged_message", ()):
        sealed = row.pop("sealed")
        row.update(unseal(sealed) if unseal else {"content": None})
    sections = {SECTIONS[table]: [_only_theirs(table, row, user_id) for row in rows] for table, rows in found.items()}
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "generated_at": clock.now().isoformat(),
        "generated_by": f"aegis {__version__}",
        "user_id": str(user_id),
        "guild_id": None if guild_id is None else str(guild_id),
        "sections": sections,
    }


def _only_theirs(table: str, row: dict[str, Any], user_id: int) -> dict[str, Any]:
    out = {}
    for column, value in row.items():
        if column in USER_COLUMN_NAMES[table] and value not in (None, user_id):
            value = "someone else"
        out[column] = _json(value)
    return out


def _json(value: Any) -> Any:
    """Snowflakes as strings (a JavaScript number cannot hold one exactly), instants in ISO 8601 UTC."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and value > 2**53:
        return str(value)
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value
