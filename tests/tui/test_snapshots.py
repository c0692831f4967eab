"""Pictures of the main screens against the seeded database with the clock stopped, so they repeat."""

import pytest

from tests.tui.tui_helpers import until

SIZE = (110, 30)


def run_until_loaded(tab: str):
    """A picture is taken once the pane says its data is painted: shown, measured and laid out."""

    async def wait(pilot):
        pane = pilot.app.pane(tab)
        await until(pilot, lambda: pane.painted, what=f"the {tab} screen painted")

    return wait


@pytest.mark.parametrize("tab", ["cases", "audit", "ratelimits", "schedules", "automod", "health"])
def test_screen(tab, seeded, make_app, snap_compare):
    assert snap_compare(make_app(initial=tab), terminal_size=SIZE, run_before=run_until_loaded(tab))


def test_case_details(seeded, make_app, snap_compare):
    async def open_case(pilot):
        await run_until_loaded("cases")(pilot)
        table = pilot.app.query_one("#cases-table")
        table.move_cursor(row=table.get_row_index(str(seeded.warn_a)))
        await pilot.press("enter")
        await until(
            pilot, lambda: pilot.app.screen.query("CaseTrail") and pilot.app.screen.query_one("CaseTrail").painted
        )

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_case)


def test_pardon_modal_in_light_theme(seeded, make_app, snap_compare):
    async def ask(pilot):
        await run_until_loaded("cases")(pilot)
        await pilot.press("ctrl+t")
        table = pilot.app.query_one("#cases-table")
        table.move_cursor(row=table.get_row_index(str(seeded.warn_a)))
        await pilot.press("p")
        await pilot.pause(0.1)
        pilot.app.screen.query_one("Input").cursor_blink = False  # a blinking cursor differs from run to run
        await pilot.pause(0.3)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=ask)


def test_help_at_80_by_24(seeded, make_app, snap_compare):
    async def help(pilot):
        await run_until_loaded("cases")(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.3)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=help)


def test_rate_limits_and_raid_mode_at_80_by_24(raids_seeded, make_app, snap_compare):
    assert snap_compare(
        make_app(initial="ratelimits"), terminal_size=(80, 24), run_before=run_until_loaded("ratelimits")
    )


def test_raid_mode_on_dialog_at_80_by_24(raids_seeded, make_app, snap_compare):
    async def ask(pilot):
        await run_until_loaded("ratelimits")(pilot)
        await pilot.press("o")
        await until(pilot, lambda: getattr(pilot.app.screen, "choices", None), what="the guild picker's list")
        pilot.app.screen.query_one("Input").value = "charlie"
        await until(pilot, lambda: [c.name for c in pilot.app.screen.choices] == ["Charlie"], what="the narrowed list")
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app.screen.query("#dialog-body"), what="the confirmation")
        pilot.app.screen.query_one("Input").cursor_blink = False
        await pilot.pause(0.3)

    assert snap_compare(make_app(initial="ratelimits"), terminal_size=(80, 24), run_before=ask)
