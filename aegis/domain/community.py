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


@dataclass(frozen=True, slots=True)
class MemberCard:
    """A user as /userinfo and /avatar show them; `joined_at` None: not a member of this server."""

    id: int
    username: str
    display_name: str
    created_at: datetime
    avatar_url: str
    is_bot: bool = False
    joined_at: datetime | None = None
    role_ids: tuple[int, ...] = ()  # highest first, @everyone left out


@dataclass(frozen=True, slots=True)
class ServerCard:
    id: int
    name: str
    owner_id: int | None
    created_at: datetime
    member_count: int
    role_count: int
    text_channels: int
    voice_channels: int
    categories: int
    boosts: int = 0
    boost_tier: int = 0
    icon_url: str | None = None


@dataclass(frozen=True, slots=True)
class RoleCard:
    id: int
    name: str
    created_at: datetime
    position: int
    colour: int
    members: int
    permissions: frozenset[str]
    mentionable: bool = False
    hoisted: bool = False
    managed: bool = False


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """What moderators see of a member's past here: their cases, by type, and warnings still counting."""

    cases: int
    by_type: dict[str, int]
    active_warnings: int


PANEL_MODES = ("normal", "unique", "verify", "drop")
PANEL_STYLES = ("buttons", "menu")


@dataclass(frozen=True, slots=True)
class PanelRole:
    role_id: int
    emoji: str = ""
    label: str = ""


@dataclass(frozen=True, slots=True)
class RolePanel:
    """A message of buttons, one per role. Modes: normal (a press gives or takes the role), unique (at most one of
    the panel's roles), verify (gives only), drop (takes only)."""

    id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    title: str
    mode: str
    roles: tuple[PanelRole, ...] = ()
    style: str = "buttons"


@dataclass(frozen=True, slots=True)
class PollSpec:
    """A native Discord poll to post: the question, 1 to 10 answers, open for `hours`."""

    question: str
    answers: tuple[str, ...]
    hours: int = 24
    multiple: bool = False
