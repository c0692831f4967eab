"""The Statistics screen: 30 days charted for every guild added up, and for one guild at a time with `g`."""

from datetime import timedelta

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.storage.moderation import cases
from aegis.storage.records import activity
from tests.tui.tui_helpers import GUILD_A, GUILD_B, NOW, rows, until


def counted():
    activity.bump_counters(GUILD_A, (NOW - timedelta(days=3)).date(), messages=120, joins=4, leaves=1)
    activity.bump_counters(GUILD_A, NOW.date(), messages=30)
    activity.bump_counters(GUILD_B, NOW.date(), messages=7, joins=2)


def totals(app) -> dict[str, list[str]]:
    return {cells[0]: cells[1:] for cells in rows(app.query_one("#statistics-table"))}


async def test_every_guild_added_up_then_one_guild_at_a_time(seeded, make_app):
    counted()
    cases.create(NewCase(GUILD_B, CaseType.BAN, 5, ActorKind.MODERATOR, 9, "raid"))
    app = make_app(initial="statistics")
    async with app.run_test(size=(120, 50)) as pilot:
        await until(pilot, lambda: app.pane("statistics").loaded, what="the statistics")
        every = totals(app)
        assert every["messages"] == ["157", "120 on 29 May", "37"]
        assert every["joins"][0] == "6" and every["leaves"][0] == "1"
        assert "every guild" in str(app.query_one("#statistics-scope").render())

        await pilot.press("g")  # guilds by name: Alpha first
        await until(pilot, lambda: totals(app)["messages"][0] == "150", what="Alpha's figures")
        assert "Alpha (111)" in str(app.query_one("#statistics-scope").render())

        await pilot.press("g")
        await until(pilot, lambda: totals(app)["messages"][0] == "7", what="Bravo's figures")
        since = (NOW - timedelta(days=29)).date()
        in_span = [c for c in cases.stream(GUILD_B) if c.created_at.date() >= since]  # the seed's own cases too
        assert totals(app)["cases"][0] == str(len(in_span)) and any(c.reason == "raid" for c in in_span)

        await pilot.press("g")  # past the last guild: every guild again
        await until(pilot, lambda: totals(app)["messages"][0] == "157", what="every guild again")


async def test_a_quiet_deployment_shows_zeros_not_an_error(db, make_app, frozen):
    app = make_app(initial="statistics")
    async with app.run_test(size=(120, 50)) as pilot:
        await until(pilot, lambda: app.pane("statistics").loaded, what="the statistics")
        assert totals(app)["messages"] == ["0", "-", "0"]
        assert "statistics · updated" in str(app.pane("statistics").status.render())
