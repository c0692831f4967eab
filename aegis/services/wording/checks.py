"""The sentences the checks refuse with: Discord's names for permissions, a missing permission (the moderator's or
Aegis's), a target who is not a member."""

# As Discord's own UI names them, where the API name differs ("manage_guild" is "Manage Server" on screen).
LABEL = {"manage_guild": "Manage Server", "moderate_members": "Moderate Members"}


def label(permission: str) -> str:
    return LABEL.get(permission, permission.replace("_", " ").title())


def moderator_lacks(permission: str, doing: str = "do that") -> str:
    return f"You need the {label(permission)} permission to {doing}."


def bot_lacks(permission: str, top_role_name: str) -> str:
    return f"I need the {label(permission)} permission for that; ask an admin to give it to my role {top_role_name}."


def not_a_member(verb: str) -> str:
    return f"They are not a member of this server, so I cannot {verb} them (a warning, a note or a ban still can)."
