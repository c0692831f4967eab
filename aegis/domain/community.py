"""The community toolkit's records: tags (a guild's saved texts, posted by name)."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Tag:
    guild_id: int
    name: str
    text: str
    created_by: int  # 0: the author asked to be forgotten
    created_at: datetime
    updated_at: datetime
    updated_by: int | None = None
    uses: int = 0
