"""What Aegis says about roles it gives by itself: autoroles and role panels."""

from aegis.services.wording.checks import label

EVERYONE = "@everyone belongs to every member already; pick another role."


def managed(name: str) -> str:
    return f"@{name} belongs to a bot or an integration; Discord lets nobody give it."


def bot_cannot_manage_roles(top_role: str) -> str:
    return f"I need the Manage Roles permission to give roles; ask an admin to give it to my role {top_role}."


def above_me(name: str, top_role: str) -> str:
    return f"@{name} is not below my top role {top_role}, so Discord will not let me give it; move my role above it."


def dangerous(name: str, permissions: list[str]) -> str:
    return (
        f"@{name} has {', '.join(label(p) for p in permissions)}: a role anyone can get that way must not carry "
        "permissions to moderate or run the server. Take them off the role, or pick another."
    )
