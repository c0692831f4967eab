"""Who may do what to whom: the moderator's permission, the role hierarchy, the bot's own power, and which roles
it can give.

Pure functions over snapshots the bot takes of Discord's state, so every refusal is tested without Discord.
"""

from dataclasses import dataclass

from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.cases import CaseType
from aegis.domain.refusals import Refusal
from aegis.services.wording import checks as words

REQUIRED_PERMISSION = {
    CaseType.WARN: "moderate_members",
    CaseType.NOTE: "moderate_members",
    CaseType.TIMEOUT: "moderate_members",
    CaseType.UNTIMEOUT: "moderate_members",
    CaseType.KICK: "kick_members",
    CaseType.BAN: "ban_members",
    CaseType.TEMPBAN: "ban_members",
    CaseType.SOFTBAN: "ban_members",
    CaseType.UNBAN: "ban_members",
    CaseType.PURGE: "manage_messages",
    CaseType.SLOWMODE: "manage_channels",
    CaseType.LOCKDOWN: "manage_channels",
    CaseType.UNLOCK: "manage_channels",
    CaseType.MUTE: "moderate_members",
    CaseType.UNMUTE: "moderate_members",
}
# A mute silences a member like a timeout does, so the same moderators (Moderate Members) may give it; Manage
# Roles would also let them hand out or strip any role below theirs. Aegis itself needs what Discord checks on
# the role call: Manage Roles.
BOT_PERMISSION = {**REQUIRED_PERMISSION, CaseType.MUTE: "manage_roles", CaseType.UNMUTE: "manage_roles"}
ACTS_ON_DISCORD = set(REQUIRED_PERMISSION) - {CaseType.WARN, CaseType.NOTE}
# What Discord does only to a member: a user who left can be warned, noted, banned or unbanned, not these.
MEMBERS_ONLY = {CaseType.TIMEOUT, CaseType.UNTIMEOUT, CaseType.KICK, CaseType.SOFTBAN, CaseType.MUTE}


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


@dataclass(frozen=True, slots=True)
class RoleSnapshot:
    """A role as the checks see it. `managed`: a bot's or integration's own role, which Discord never lets anyone give."""

    id: int
    name: str
    position: int
    managed: bool = False
    is_default: bool = False  # @everyone

    @property
    def label(self) -> str:
        return "@everyone" if self.is_default else f"@{self.name}"


def permission_label(permission: str) -> str:
    return words.label(permission)


def check_moderator(action: CaseType, moderator: Person) -> Refusal | None:
    needed = REQUIRED_PERMISSION[action]
    if not moderator.can(needed):
        return Refusal("moderator_permission", words.moderator_lacks(needed))
    return None


def check_privilege(actor: Actor, permission: str, doing: str) -> Refusal | None:
    """A privileged command asked again in the service: a server can loosen a command's default permission in
    Server Settings → Integrations, which must not hand out what the permission guards. Only a moderator whose
    permissions the front end read is checked; the console's operator and Aegis itself act with the host's trust."""
    if actor.kind is not ActorKind.MODERATOR or actor.permissions is None:
        return None
    if "administrator" in actor.permissions or permission in actor.permissions:
        return None
    return Refusal("moderator_permission", words.moderator_lacks(permission, doing))


def check_target(action: CaseType, moderator: Person | None, bot: Person, target: Person | None) -> Refusal | None:
    """Refuses before any Discord call. `moderator` None: Aegis acts on its own (automod, escalation, expiry).
    `target` None: not a member of the guild (ban or unban by id), so there is no hierarchy to respect."""
    verb = words.VERB.get(action, "act on")
    if target is None and action in MEMBERS_ONLY:
        return Refusal("not_a_member", words.not_a_member(verb))
    if moderator is not None and target is not None and target.id == moderator.id:
        return Refusal("self", words.yourself(verb))
    if target is not None and target.id == bot.id:
        return Refusal("bot_itself", words.myself(verb))
    if target is not None and target.is_owner:
        return Refusal("owner", words.owner(target.mention, verb))
    if moderator is not None and target is not None and not moderator.outranks(target):
        return Refusal(
            "hierarchy", words.outranked(moderator.top_role_name, target.mention, target.top_role_name, verb)
        )
    if action is CaseType.TIMEOUT and target is not None and "administrator" in target.permissions:
        return Refusal("admin_timeout", words.admin_timeout(target.mention))
    if action is CaseType.MUTE and target is not None and "administrator" in target.permissions:
        return Refusal("admin_mute", words.admin_mute(target.mention))
    if refusal := check_bot(action, bot):
        return refusal
    if action not in ACTS_ON_DISCORD:
        return None
    if target is not None and not bot.outranks(target):
        return Refusal("bot_hierarchy", words.bot_outranked(bot.top_role_name, target.mention, target.top_role_name))
    return None


def check_bot(action: CaseType, bot: Person) -> Refusal | None:
    """Whether Aegis itself holds the permission the Discord call needs (targets of any kind)."""
    if action not in ACTS_ON_DISCORD:
        return None
    needed = BOT_PERMISSION[action]
    if not bot.can(needed):
        return Refusal("bot_permission", words.bot_lacks(needed, bot.top_role_name))
    return None


def check_mute_role(bot: Person, role: RoleSnapshot) -> Refusal | None:
    """Whether Discord would let Aegis give or take `role`: refused before the call, saying what to change."""
    if role.managed:
        return Refusal("mute_role_managed", words.mute_role_managed(role.label))
    if not bot.is_owner and bot.top_role_position <= role.position:
        return Refusal("mute_role_hierarchy", words.mute_role_above_me(bot.top_role_name, role.label))
    return None


def check_mute_role_choice(bot: Person, role: RoleSnapshot) -> Refusal | None:
    """What /settings mute-role accepts: a role Aegis can give that not every member already has."""
    if role.is_default:
        return Refusal("mute_role_everyone", words.MUTE_ROLE_EVERYONE)
    return check_mute_role(bot, role)
