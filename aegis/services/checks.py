"""Who may do what to whom: the moderator's permission, the role hierarchy, and the bot's own power.

Pure functions over snapshots the bot takes of Discord's state, so every refusal is tested without Discord.
"""

from dataclasses import dataclass

from aegis.domain.cases import CaseType
from aegis.domain.refusals import Refusal

REQUIRED_PERMISSION = {
    CaseType.WARN: "moderate_members", CaseType.NOTE: "moderate_members",
    CaseType.TIMEOUT: "moderate_members", CaseType.UNTIMEOUT: "moderate_members",
    CaseType.KICK: "kick_members", CaseType.BAN: "ban_members", CaseType.TEMPBAN: "ban_members",
    CaseType.SOFTBAN: "ban_members", CaseType.UNBAN: "ban_members", CaseType.PURGE: "manage_messages",
    CaseType.SLOWMODE: "manage_channels", CaseType.LOCKDOWN: "manage_channels", CaseType.UNLOCK: "manage_channels",
}  # fmt: skip
VERB = {
    CaseType.WARN: "warn", CaseType.NOTE: "add a note to", CaseType.TIMEOUT: "time out",
    CaseType.UNTIMEOUT: "lift the timeout of", CaseType.KICK: "kick", CaseType.BAN: "ban",
    CaseType.TEMPBAN: "ban", CaseType.SOFTBAN: "softban", CaseType.UNBAN: "unban",
}  # fmt: skip
ACTS_ON_DISCORD = set(REQUIRED_PERMISSION) - {CaseType.WARN, CaseType.NOTE}


@dataclass(frozen=True, slots=True)
class Person:
    """A member as the checks see them. `top_role_position` 0 is @everyone."""

    id: int
    mention: str
    top_role_position: int = 0
    top_role_name: str = "@everyone"
    permissions: frozenset[str] = frozenset()
    is_owner: bool = False

    def can(self, permission: str) -> bool:
        return self.is_owner or "administrator" in self.permissions or permission in self.permissions

    def outranks(self, other: "Person") -> bool:
        return self.is_owner or self.top_role_position > other.top_role_position


def permission_label(permission: str) -> str:
    return permission.replace("_", " ").title()


def check_moderator(action: CaseType, moderator: Person) -> Refusal | None:
    needed = REQUIRED_PERMISSION[action]
    if not moderator.can(needed):
        return Refusal("moderator_permission", f"You need the {permission_label(needed)} permission to do that.")
    return None


def check_target(action: CaseType, moderator: Person | None, bot: Person, target: Person | None) -> Refusal | None:
    """Refuses before any Discord call. `moderator` None: Aegis acts on its own (automod, escalation, expiry).
    `target` None: not a member of the guild (ban or unban by id), so there is no hierarchy to respect."""
    verb = VERB.get(action, "act on")
    if moderator is not None and target is not None and target.id == moderator.id:
        return Refusal("self", f"You cannot {verb} yourself.")
    if target is not None and target.id == bot.id:
        return Refusal("bot_itself", f"I will not {verb} myself.")
    if target is not None and target.is_owner:
        return Refusal("owner", f"{target.mention} owns this server; nobody can {verb} them.")
    if moderator is not None and target is not None and not moderator.outranks(target):
        return Refusal(
            "hierarchy",
            f"Your top role {moderator.top_role_name} is not above {target.mention}'s top role "
            f"{target.top_role_name}, so you cannot {verb} them.",
        )
    if action is CaseType.TIMEOUT and target is not None and "administrator" in target.permissions:
        return Refusal("admin_timeout", f"{target.mention} is an administrator; Discord does not let anyone time them out.")
    if refusal := check_bot(action, bot):
        return refusal
    if action not in ACTS_ON_DISCORD:
        return None
    if target is not None and not bot.outranks(target):
        return Refusal(
            "bot_hierarchy",
            f"My top role {bot.top_role_name} is not above {target.mention}'s top role {target.top_role_name}; "
            "move my role higher in Server Settings → Roles.",
        )
    return None


def check_bot(action: CaseType, bot: Person) -> Refusal | None:
    """Whether Aegis itself holds the permission the Discord call needs (targets of any kind)."""
    if action not in ACTS_ON_DISCORD:
        return None
    needed = REQUIRED_PERMISSION[action]
    if not bot.can(needed):
        return Refusal(
            "bot_permission",
            f"I need the {permission_label(needed)} permission for that; ask an admin to give it to my role "
            f"{bot.top_role_name}.",
        )
    return None
