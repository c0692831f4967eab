"""What a rule decided, in terms a caller can act on and a moderator can read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Action(StrEnum):
    NONE = "none"  # record only
    ALERT = "alert"  # tell the moderators, touch nobody
    DELETE = "delete"  # delete the message(s), no punishment
    WARN = "warn"
    TIMEOUT = "timeout"
    KICK = "kick"
    BAN = "ban"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {a: i for i, a in enumerate(Action)}


@dataclass(frozen=True, slots=True)
class Verdict:
    rule: str
    reason: str  # for people: what matched and the counts that tripped it
    action: Action
    triggered: bool = True
    matched: str = ""  # the offending text, domain, invite code...
    counts: Mapping[str, float] = field(default_factory=dict)
    timeout_seconds: int | None = None  # set when action is TIMEOUT
    # Messages to delete now: this one and any of the burst not returned by an earlier verdict.
    delete_message_ids: tuple[int, ...] = ()
    # Every message of the burst so far, for the case record.
    related_message_ids: tuple[int, ...] = ()
    related_user_ids: tuple[int, ...] = ()  # join rules: the users of the raid
    # False for the 2nd..nth verdict of one burst: delete, but do not open another case.
    new_incident: bool = True
    # Log what would have happened; act on nothing.
    dry_run: bool = False

    @property
    def severity(self) -> int:
        return self.action.severity
