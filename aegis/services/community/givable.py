"""Whether Aegis may hand a role out on its own (an autorole, a panel button): a role it can give, below its own top
role, and none whose permissions would let a member moderate or run the server."""

from dataclasses import dataclass

from aegis.domain.refusals import Refusal
from aegis.services.moderation.checks import Person
from aegis.services.wording.community import roles as words

# What no self-assigned or automatic role may carry: each lets its holder moderate, run or flood the server.
DANGEROUS = (
    "administrator",
    "manage_guild",
    "ban_members",
    "kick_members",
    "manage_roles",
    "manage_channels",
    "manage_messages",
    "moderate_members",
    "mention_everyone",
)
MANAGE_ROLES = "manage_roles"


@dataclass(frozen=True, slots=True)
class GivableRole:
    id: int
    name: str
    position: int
    permissions: frozenset[str] = frozenset()
    managed: bool = False
    is_default: bool = False


@dataclass(frozen=True, slots=True)
class MemberNow:
    """A member as Discord has them at the moment Aegis acts."""

    id: int
    role_ids: frozenset[int] = frozenset()
    pending: bool = False  # membership screening not passed yet


def check_givable(bot: Person, role: GivableRole) -> Refusal | None:
    """Asked when the role is chosen and again each time it is given: roles and Aegis's position change."""
    if role.is_default:
        return Refusal("role_everyone", words.EVERYONE)
    if role.managed:
        return Refusal("role_managed", words.managed(role.name))
    if not bot.can(MANAGE_ROLES):
        return Refusal("bot_permission", words.bot_cannot_manage_roles(bot.top_role_name))
    if not bot.is_owner and bot.top_role_position <= role.position:
        return Refusal("role_hierarchy", words.above_me(role.name, bot.top_role_name))
    if dangerous := [p for p in DANGEROUS if p in role.permissions]:
        return Refusal("role_dangerous", words.dangerous(role.name, dangerous))
    return None
