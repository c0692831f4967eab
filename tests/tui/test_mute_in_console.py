"""The console names mutes and their expiries like every other kind: the cases table, its filter, the schedules."""

from datetime import timedelta

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleKind
from aegis.storage.moderation import cases, schedule
from aegis.tui.dialogs.confirm import ConfirmScreen
from aegis.tui.filters import parse_case_filter
from aegis.tui.widgets.live_table import LiveTable
from tests.tui.tui_helpers import GUILD_A, MOD_1, NOW, rows, until


def mute_with_expiry():
    case = cases.create(
        NewCase(
            GUILD_A,
            CaseType.MUTE,
            501,
            ActorKind.MODERATOR,
            MOD_1,
            "spamming",
            expires_at=NOW + timedelta(hours=2),
            metadata={"role_id": 77},
        )
    )
    return case, schedule.add(
        NewScheduledAction(GUILD_A, ScheduleKind.UNMUTE, case.expires_at, 501, case.id, {"role_id": 77})
    )


async def test_the_schedules_screen_shows_and_cancels_an_unmute(db, frozen, make_app):
    case, expiry = mute_with_expiry()
    app = make_app(initial="schedules")
    async with app.run_test(size=(160, 30)) as pilot:
        await until(pilot, lambda: app.pane("schedules").loaded)
        [row] = rows(app.query_one("#pending-table", LiveTable))
        assert row[:6] == [str(expiry.id), "02:00:00", "06-01 14:00:00", "unmute", "pending", "501"]
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"Cancel the unmute of 501 in guild {GUILD_A}" in app.screen.body


async def test_the_cases_screen_lists_and_filters_mutes(db, frozen, make_app):
    mute_with_expiry()
    assert parse_case_filter("type:mute").type is CaseType.MUTE
    assert parse_case_filter("type:unmute").type is CaseType.UNMUTE
    app = make_app()
    async with app.run_test(size=(160, 30)) as pilot:
        await until(pilot, lambda: app.pane("cases").loaded)
        [row] = rows(app.query_one("#cases-table", LiveTable))
        assert row[:2] == ["#1", "mute"]
