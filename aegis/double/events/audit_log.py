"""Discord's audit log: every moderation action is an entry naming who did it, announced as
GUILD_AUDIT_LOG_ENTRY_CREATE to the bots that may view the audit log (and asked for the moderation intent)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from aegis.double.world.models import Guild
from aegis.double.world.permissions import Permission, base_permissions


class AuditAction(IntEnum):
    MEMBER_KICK = 20
    MEMBER_BAN_ADD = 22
    MEMBER_BAN_REMOVE = 23
    MEMBER_UPDATE = 24


def entry_payload(
    entry_id: int,
    action: AuditAction,
    user_id: int,
    target_id: int,
    reason: str | None,
    changes: list[dict[str, Any]],
) -> dict[str, Any]:
    """An audit log entry as the API gives it (AuditLogEntryResponse): absent keys rather than nulls."""
    payload: dict[str, Any] = {
        "id": str(entry_id),
        "action_type": int(action),
        "user_id": str(user_id),
        "target_id": str(target_id),
    }
    if changes:
        payload["changes"] = changes
    if reason:
        payload["reason"] = reason
    return payload


def change(key: str, old: Any, new: Any) -> dict[str, Any]:
    """Discord leaves out old_value / new_value when that side is empty."""
    payload: dict[str, Any] = {"key": key}
    if old is not None:
        payload["old_value"] = old
    if new is not None:
        payload["new_value"] = new
    return payload


def may_view(guild: Guild, user_id: int) -> bool:
    member = guild.members.get(user_id)
    return member is not None and bool(base_permissions(guild, member) & Permission.VIEW_AUDIT_LOG)
