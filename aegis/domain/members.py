from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class Names:
    """Guild and user names as the bot last saw them; an id it never saw has no entry."""

    guilds: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)

    def guild(self, guild_id: int | None) -> str:
        return self.guilds.get(guild_id, "") if guild_id is not None else ""

    def user(self, user_id: int | None) -> str:
        return self.users.get(user_id, "") if user_id is not None else ""
