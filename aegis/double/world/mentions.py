"""Which users and roles a message mentions, after the sender's allowed_mentions (as Discord resolves it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_EVERYONE = re.compile(r"@(everyone|here)\b")


@dataclass(frozen=True)
class Mentions:
    users: list[int]
    roles: list[int]
    everyone: bool


def resolve(content: str, allowed: dict[str, Any] | None) -> Mentions:
    users = list(dict.fromkeys(int(u) for u in _USER.findall(content)))
    roles = list(dict.fromkeys(int(r) for r in _ROLE.findall(content)))
    everyone = bool(_EVERYONE.search(content))
    if allowed is None:
        return Mentions(users, roles, everyone)
    parse = set(allowed.get("parse", ()))
    allowed_users = {int(u) for u in allowed.get("users", ())}
    allowed_roles = {int(r) for r in allowed.get("roles", ())}
    return Mentions(
        [u for u in users if "users" in parse or u in allowed_users],
        [r for r in roles if "roles" in parse or r in allowed_roles],
        everyone and "everyone" in parse,
    )
