"""The Health screen shows each bot's count of Discord's invalid-request answers (issue #12)."""

from datetime import timedelta

from textual.widgets import Static

from aegis.domain.records import BotHeartbeat, InvalidRequests
from aegis.storage.records import activity
from tests.tui.tui_helpers import NOW, until


def beat(instance: str, counted: InvalidRequests | None) -> None:
    activity.beat(
        BotHeartbeat(
            instance,
            "bot-host",
            4343,
            (0,),
            1,
            "0.1.0",
            NOW - timedelta(hours=1),
            NOW - timedelta(seconds=3),
            40.0,
            invalid_requests=counted,
        )
    )


async def test_the_health_screen_shows_the_invalid_request_count_and_a_pause(seeded, make_app):
    beat("shard-1", InvalidRequests(2_150, 2_000))
    beat("shard-2", InvalidRequests(37, 2_000))
    app = make_app(initial="health")
    async with app.run_test(size=(140, 30)) as pilot:
        await until(pilot, lambda: app.pane("health").loaded)
        line = app.query_one("#invalid-requests", Static)
        text = str(line.render())
        assert line.display
        assert text.startswith("Invalid requests (401/403/429) in the last 10 min:")
        assert "shard-1 2,150 (PAUSED: raid resolve, purge and expiry retries wait)" in text
        assert "shard-2 37 (pauses at 2,000)" in text and "Discord bans at 10,000" in text


async def test_no_line_while_no_bot_counts(seeded, make_app):
    app = make_app(initial="health")  # the seeded bot is from before the count
    async with app.run_test(size=(140, 30)) as pilot:
        await until(pilot, lambda: app.pane("health").loaded)
        assert not app.query_one("#invalid-requests", Static).display
