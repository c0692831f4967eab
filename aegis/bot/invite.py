"""The URL that adds this bot to a server with exactly the permissions Aegis needs, and its slash commands."""

from urllib.parse import urlencode

from aegis.domain.permissions import required_permissions_value

AUTHORIZE_URL = "https://discord.com/oauth2/authorize"
SCOPES = ("bot", "applications.commands")


def invite_url(application_id: int) -> str:
    query = {"client_id": application_id, "permissions": required_permissions_value(), "scope": " ".join(SCOPES)}
    return f"{AUTHORIZE_URL}?{urlencode(query)}"
