"""The sentences the checks refuse with: Discord's names for permissions, a missing permission (the moderator's or
Aegis's), a target who is not a member."""

from aegis.domain.moderation.cases import CaseType

# What the checks say is done to a member, completing "you cannot … them".
VERB = {
    CaseType.WARN: "warn",
    CaseType.NOTE: "add a note to",
    CaseType.TIMEOUT: "time out",
    CaseType.UNTIMEOUT: "lift the timeout of",
    CaseType.KICK: "kick",
    CaseType.BAN: "ban",
    CaseType.TEMPBAN: "ban",
    CaseType.SOFTBAN: "softban",
    CaseType.UNBAN: "unban",
    CaseType.MUTE: "mute",
    CaseType.UNMUTE: "unmute",
}

# As Discord's own UI names them, where the API name differs ("manage_guild" is "Manage Server" on screen).
LABEL = {"manage_guild": "Manage Server", "moderate_members": "Moderate Members"}


def label(permission: str) -> str:
    return LABEL.get(permission, permission.replace("_", " ").title())


def moderator_lacks(permission: str, doing: str = "do that") -> str:
    return f"You need the {label(permission)} permission to {doing}."


def bot_lacks(permission: str, top_role_name: str) -> str:
    return f"I need the {label(permission)} permission for that; ask an admin to give it to my role {top_role_name}."


def not_a_member(verb: str) -> str:
    return f"They are not a member of this server, so there is nobody here to {verb}; a warning, a note or a ban still reaches them."


def yourself(verb: str) -> str:
    return f"You cannot {verb} yourself."


def myself(verb: str) -> str:
    return f"I will not {verb} myself."


def owner(mention: str, verb: str) -> str:
    return f"{mention} owns this server; nobody can {verb} them."


def outranked(moderator_role: str, mention: str, target_role: str, verb: str) -> str:
    return f"Your top role {moderator_role} is not above {mention}'s top role {target_role}, so you cannot {verb} them."


def admin_timeout(mention: str) -> str:
    return f"{mention} is an administrator; Discord does not let anyone time them out."


def admin_mute(mention: str) -> str:
    return (
        f"{mention} is an administrator; channel permissions do not apply to administrators, so a mute role cannot "
        "silence them."
    )


def bot_outranked(bot_role: str, mention: str, target_role: str) -> str:
    return (
        f"My top role {bot_role} is not above {mention}'s top role {target_role}; move my role higher in Server "
        "Settings → Roles."
    )


def mute_role_managed(label: str) -> str:
    return (
        f"The mute role {label} belongs to a bot or an integration; Discord never lets anyone give it. Set another "
        "with /settings mute-role."
    )


def mute_role_above_me(bot_role: str, label: str) -> str:
    return (
        f"My top role {bot_role} is not above the mute role {label}, so Discord would refuse to give or take it; "
        "drag my role above it in Server Settings → Roles."
    )


MUTE_ROLE_EVERYONE = (
    "@everyone cannot be the mute role: every member has it. Create a role such as @Muted and pick that."
)
