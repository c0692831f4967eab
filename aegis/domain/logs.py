"""What the event logs keep of a message, and the same sealed for the database."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class KeptAttachment:
    filename: str
    url: str
    size: int
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class KeptMessage:
    id: int
    guild_id: int
    channel_id: int
    author_id: int
    author_name: str
    content: str
    created_at: datetime
    reply_to_id: int | None = None
    attachments: tuple[KeptAttachment, ...] = ()


@dataclass(frozen=True, slots=True)
class SealedMessage:
    """A KeptMessage as stored: ids and time in the clear (for retention, export and forget), the rest sealed."""

    id: int
    guild_id: int
    channel_id: int
    author_id: int
    reply_to_id: int | None
    created_at: datetime
    sealed: str
