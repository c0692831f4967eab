from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    is_bot: bool
    created_at: datetime  # when the Discord account was made (from the snowflake)
    first_seen_at: datetime


@dataclass(frozen=True, slots=True)
class Member:
    guild_id: int
    user_id: int
    joined_at: datetime | None
    left_at: datetime | None
    reputation: int
