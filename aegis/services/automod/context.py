"""What automod sees: plain, Discord-free snapshots of a message or a join."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum


class Standing(IntEnum):
    """Who wrote a message, as far as exemption goes: worked out from the guild's owner and its roles'
    server-wide permissions (channel overwrites aside)."""

    MEMBER = 0
    MODERATOR = 1  # Manage Messages: exempt unless the server turns that off
    ADMINISTRATOR = 2  # always exempt, as in Discord's own AutoMod
    OWNER = 3  # always exempt


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    size: int  # bytes


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which more than doubles the cost
# of building one on every message. Nothing writes to a context after it is built.
@dataclass(slots=True)
class MessageContext:
    guild_id: int
    channel_id: int
    message_id: int
    author_id: int
    content: str
    created_at: datetime  # timezone-aware UTC; rules take "now" from here, never a wall clock
    author_role_ids: frozenset[int] = frozenset()
    mention_user_ids: tuple[int, ...] = ()
    mention_role_ids: tuple[int, ...] = ()
    mentions_everyone: bool = False
    attachments: tuple[Attachment, ...] = ()
    is_edit: bool = False
    author_standing: Standing = Standing.MEMBER
    # Seconds since the epoch, computed once: several stateful rules need it per message.
    timestamp: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("MessageContext.created_at must be timezone-aware (UTC)")
        self.timestamp = self.created_at.timestamp()

    @property
    def attachment_count(self) -> int:
        return len(self.attachments)


@dataclass(frozen=True, slots=True)
class JoinWindow:
    """The guild's `joins` rate-limit bucket at one join: its threshold, whether it refused this join (the spike),
    and who joined inside its window (oldest first, this joiner last)."""

    limit: int
    window_s: float
    refused: bool
    user_ids: tuple[int, ...]

    @property
    def joins(self) -> int:
        return len(self.user_ids)


@dataclass(frozen=True, slots=True)
class JoinContext:
    guild_id: int
    user_id: int
    account_created_at: datetime
    joined_at: datetime
    window: JoinWindow | None = None  # None: the join was not counted against the bucket
    timestamp: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.joined_at.tzinfo is None or self.account_created_at.tzinfo is None:
            raise ValueError("JoinContext times must be timezone-aware (UTC)")
        object.__setattr__(self, "timestamp", self.joined_at.timestamp())

    @property
    def account_age_s(self) -> float:
        return (self.joined_at - self.account_created_at).total_seconds()
