"""One row the console cannot read never blanks a screen: it is drawn, marked, and named in the status line."""

import peewee as pw

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.storage import models as m
from aegis.storage.moderation import cases
from aegis.tui.screens.case_detail import CaseScreen
from tests.tui.tui_helpers import GUILD_A, MOD_1, id_of, rows, static_text, until


def odd_cases() -> tuple[int, int]:
    """A case of a type a newer Aegis knows, and one whose metadata is not JSON."""
    newer = cases.create(NewCase(GUILD_A, CaseType.WARN, 501, ActorKind.MODERATOR, MOD_1, "from the future"))
    m.Case.update(type="quarantine").where(m.Case.id == newer.id).execute()
    broken = cases.create(NewCase(GUILD_A, CaseType.NOTE, 501, ActorKind.MODERATOR, MOD_1, "edited by hand"))
    m.Case.update(metadata=pw.SQL("'{not json'")).where(m.Case.id == broken.id).execute()
    return newer.id, broken.id


async def test_a_case_of_an_unknown_type_or_bad_metadata_is_marked_and_the_rest_drawn(seeded, make_app):
    newer, broken = odd_cases()
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.pane("cases")
        await until(pilot, lambda: pane.loaded)
        table = app.query_one("#cases-table")
        shown = {r[0] + "@" + id_of(r[6]): r for r in rows(table)}
        assert len(shown) == 10  # the eight seeded cases and both odd ones
        assert shown[f"#6@{GUILD_A}"][1:3] == ["quarantine", "unreadable"]
        assert shown[f"#7@{GUILD_A}"][1:3] == ["note", "unreadable"]
        status = str(pane.status.render())
        assert "down" not in status
        assert "cannot read case #7 in guild 111: metadata is not JSON" in status and "(and 1 more)" in status

        table.move_cursor(row=table.get_row_index(str(broken)))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.query_one("CaseTrail").loaded)
        details = static_text(app.screen.query_one("#case-details"))
        assert "metadata" in details and "unreadable" in details and "edited by hand" in details


async def test_the_filter_still_finds_the_readable_rows_around_an_unreadable_one(seeded, make_app):
    odd_cases()
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.pane("cases")
        await until(pilot, lambda: pane.loaded)
        app.query_one("#cases-filter").value = f"guild:{GUILD_A} member:501"
        await until(pilot, lambda: pane.filter.target_id == 501 and pane.shown_generation == pane.generation)
        assert [r[0] for r in rows(app.query_one("#cases-table"))] == ["#7", "#6", "#5", "#3", "#1"]
