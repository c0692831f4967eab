"""Discord REST routes as metric labels: one label per route, and no token or emoji in any."""

import pytest

from aegis.bot.instruments import route_of


@pytest.mark.parametrize(
    ("path", "route"),
    [
        ("/api/v10/guilds/81384788765712384/members/1", "/guilds/{id}/members/{id}"),
        ("/api/v10/interactions/123/aW50ZXJhY3Rpb246MTIz/callback", "/interactions/{id}/{token}/callback"),
        ("/api/v10/webhooks/55/tok.en-_x/messages/@original", "/webhooks/{id}/{token}/messages/@original"),
        (
            "/api/v10/channels/9/messages/8/reactions/%F0%9F%91%8D/@me",
            "/channels/{id}/messages/{id}/reactions/{emoji}/@me",
        ),
        ("/api/v10/users/@me", "/users/@me"),
        ("/channels/9/messages/bulk-delete", "/channels/{id}/messages/bulk-delete"),
    ],
)
def test_ids_tokens_and_emoji_are_folded(path, route):
    assert route_of(path) == route
