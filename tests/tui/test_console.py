"""The console driven with Pilot against a seeded database (SQLite, or Postgres in that leg)."""

import peewee as pw

from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.moderation.schedule import ScheduleState
from aegis.storage import console
from aegis.storage.moderation import audit, cases, schedule
from aegis.tui.dialogs.confirm import ConfirmScreen
from aegis.tui.filters import parse_case_filter
from aegis.tui.screens.case_detail import CaseScreen, CaseTrail
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus
from tests.tui.tui_helpers import GUILD_A, GUILD_B, MOD_1, MOD_2, id_of, rows, until


def case_numbers(app) -> list[str]:
    table = app.query_one("#cases-table", LiveTable)
    return [f"{id_of(r[6])}{r[0]}" for r in rows(table)]  # guild id + "#number"


async def apply_filter(pilot, app, text: str, typed: bool = False) -> None:
    pane = app.pane("cases")
    if typed:
        app.query_one("#cases-filter").value = ""
        await pilot.press("slash", *text, "enter")
    else:  # typing every filter key by key costs seconds; the first one is typed
        app.query_one("#cases-filter").value = text
    wanted = parse_case_filter(text)
    await until(
        pilot, lambda: pane.filter == wanted and pane.shown_generation == pane.generation, what=f"filter {text!r}"
    )


async def test_cases_show_newest_first(seeded, make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("cases").loaded)
        assert case_numbers(app)[:3] == [f"{GUILD_B}#3", f"{GUILD_A}#5", f"{GUILD_A}#4"]
        assert len(case_numbers(app)) == 8


async def test_filters_narrow_the_table(seeded, make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("cases").loaded)
        cases_of = {
            f"guild:{GUILD_A} type:warn": [f"{GUILD_A}#5", f"{GUILD_A}#2", f"{GUILD_A}#1"],
            f"guild:{GUILD_A} member:501": [f"{GUILD_A}#5", f"{GUILD_A}#3", f"{GUILD_A}#1"],
            f"mod:{MOD_1}": [f"{GUILD_B}#3", f"{GUILD_B}#2", f"{GUILD_A}#3", f"{GUILD_A}#1"],
            "status:pardoned": [f"{GUILD_A}#2"],
            "status:expired": [f"{GUILD_B}#2"],
            f"guild:{GUILD_B} status:active": [f"{GUILD_B}#3", f"{GUILD_B}#1"],
            "spamming": [f"{GUILD_B}#3", f"{GUILD_A}#1"],
            "type:timeout phishing": [],
        }
        for n, (text, expected) in enumerate(cases_of.items()):
            await apply_filter(pilot, app, text, typed=n == 0)
            assert case_numbers(app) == expected, text
        status = str(app.pane("cases").status.render())
        assert "no index" in status and "20,000" in status  # a bounded search says so


async def test_a_bad_filter_is_explained_and_changes_nothing(seeded, make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("cases").loaded)
        await pilot.press("slash", *"status:gone")
        await pilot.pause(0.3)  # several polls: the explanation stays
        assert "filter not applied: status: one of active, expired, pardoned" in str(app.pane("cases").status.render())
        await pilot.press(*["backspace"] * 4, *"active")
        await until(pilot, lambda: len(case_numbers(app)) == 6, what="the corrected filter")


async def test_opening_a_case_shows_its_audit_trail(seeded, make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("cases").loaded)
        table = app.query_one("#cases-table", LiveTable)
        table.move_cursor(row=table.get_row_index(str(seeded.warn_a)))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CaseScreen))
        trail = app.screen.query_one("#trail-table", LiveTable)
        await until(pilot, lambda: trail.row_count == 2, what="the trail")
        assert [r[2] for r in rows(trail)] == ["case.reason", "case.create"]
        assert app.screen.query_one(CaseTrail).case.reason == "spamming invite links in #general"
        await pilot.press("escape")
        assert not isinstance(app.screen, CaseScreen)


async def test_pardon_through_the_modal_is_stored_and_audited_as_operator(seeded, make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("cases").loaded)
        table = app.query_one("#cases-table", LiveTable)
        table.move_cursor(row=table.get_row_index(str(seeded.warn_a)))
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # no reason yet: refused, the modal stays
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press(*"appeal accepted", "enter")
        await until(pilot, lambda: cases.get_by_id(seeded.warn_a).pardoned, what="the pardon")
        case = cases.get_by_id(seeded.warn_a)
        assert case.pardon_reason == "appeal accepted" and case.pardoned_by is None
        entry = audit.page(audit.AuditFilter(case_id=case.id), limit=1)[0]
        assert (entry.actor_kind, entry.action, entry.reason) == (ActorKind.OPERATOR, "case.pardon", "appeal accepted")
        await until(pilot, lambda: rows(table)[table.get_row_index(str(case.id))][2] == "pardoned", what="the row")


async def test_pardon_is_refused_for_a_ban_without_a_modal(seeded, make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("cases").loaded)
        table = app.query_one("#cases-table", LiveTable)
        table.move_cursor(row=table.get_row_index(str(seeded.ban_b)))
        await pilot.press("p")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, ConfirmScreen)
        assert not cases.get_by_id(seeded.ban_b).pardoned


async def test_cancelling_an_expiry(seeded, make_app):
    app = make_app(initial="schedules")
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.pane("schedules")
        await until(pilot, lambda: pane.loaded)
        table = app.query_one("#pending-table", LiveTable)
        assert table.selected_key == str(seeded.expiry_id)  # soonest first
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press(*"lifted early", "enter")
        await until(pilot, lambda: schedule.get(seeded.expiry_id).state is ScheduleState.CANCELLED, what="cancel")
        entry = audit.page(audit.AuditFilter(actor_kind=ActorKind.OPERATOR), limit=1)[0]
        assert entry.action == "schedule.cancel" and entry.metadata["schedule_id"] == seeded.expiry_id
        await until(pilot, lambda: str(seeded.expiry_id) not in [r.key.value for r in table.ordered_rows])


async def test_changing_an_expiry_due_time(seeded, make_app, frozen):
    app = make_app(initial="schedules")
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("schedules").loaded)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press(*"yesterday", "enter")
        assert isinstance(app.screen, ConfirmScreen)  # not a time: explained, not accepted
        app.screen.query_one("Input").value = ""
        await pilot.press(*"30m", "enter")
        await until(pilot, lambda: schedule.get(seeded.expiry_id).due_at.minute == 30, what="reschedule")
        entry = audit.page(audit.AuditFilter(action="schedule.reschedule"), limit=1)[0]
        assert entry.actor_kind is ActorKind.OPERATOR and entry.metadata["to"].startswith("2025-06-01T12:30")
        table = app.query_one("#pending-table", LiveTable)
        await until(pilot, lambda: rows(table)[0][1] == "00:30:00", what="the new countdown")


async def test_the_audit_tail_follows_the_newest_entry(seeded, make_app):
    app = make_app(initial="audit")
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("audit").loaded)
        table = app.query_one("#audit-table", LiveTable)
        before = table.row_count
        new = audit.record(NewAuditEntry(Actor.moderator(MOD_1), "case.note", GUILD_A, 501, "newest"))
        await until(pilot, lambda: table.row_count == before + 1, what="the new row")
        assert table.ordered_rows[0].key.value == str(new.id) and table.selected_key == str(new.id)


async def test_new_audit_entries_wait_above_while_the_operator_reads_below(seeded, make_app):
    app = make_app(initial="audit")
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.pane("audit")
        await until(pilot, lambda: pane.loaded)
        table = app.query_one("#audit-table", LiveTable)
        await pilot.press("down", "down")
        shown, chosen = [r.key.value for r in table.ordered_rows], table.selected_key
        new = audit.record(NewAuditEntry(Actor.moderator(MOD_1), "case.note", GUILD_A, 501, "newest"))
        await until(pilot, lambda: "1 new entry above · Home shows them" in str(pane.status.render()), what="a note")
        assert [r.key.value for r in table.ordered_rows] == shown  # nothing moved under the operator's eyes
        assert table.selected_key == chosen and table.cursor_row == 2
        await pilot.press("home")
        await until(pilot, lambda: table.ordered_rows[0].key.value == str(new.id), what="the new row on top")
        assert table.selected_key == str(new.id) and "new entr" not in str(pane.status.render())


async def test_audit_filter_by_actor_and_action(seeded, make_app):
    app = make_app(initial="audit")
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.pane("audit")
        await until(pilot, lambda: pane.loaded)
        await pilot.press("slash", *f"actor:moderator:{MOD_2} action:case.create")
        table = app.query_one("#audit-table", LiveTable)
        await until(pilot, lambda: table.row_count == 4, what="the filtered rows")
        assert {(r[2], r[3]) for r in rows(table)} == {(f"mod_mia ({MOD_2})", "case.create")}


async def test_a_source_going_down_shows_since_when_and_recovers(seeded, make_app, monkeypatch, frozen):
    app = make_app(initial="audit")
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.pane("audit")
        await until(pilot, lambda: pane.loaded)
        status = app.query_one("#audit-pane SourceStatus", SourceStatus)
        real = console.audit_newer

        def broken(*args, **kwargs):
            raise pw.OperationalError("could not connect to server: Connection refused")

        monkeypatch.setattr(console, "audit_newer", broken)
        frozen["at"] = frozen["at"].replace(second=30)
        await until(pilot, lambda: "down" in str(status.render()), what="down")
        text = str(status.render())
        assert "database down since 12:00:30" in text and "showing data from 12:00:00" in text
        assert "Connection refused" in text
        assert app.query_one("#audit-table", LiveTable).row_count > 0  # the last good data stays
        monkeypatch.setattr(console, "audit_newer", real)
        frozen["at"] = frozen["at"].replace(second=45)
        await until(pilot, lambda: "updated 12:00:45" in str(status.render()), what="recovery")
        assert "down" not in str(status.render())


async def test_moving_back_to_the_top_row_shows_the_waiting_audit_entries(seeded, make_app):
    app = make_app(initial="audit")
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.pane("audit")
        await until(pilot, lambda: pane.loaded)
        table = app.query_one("#audit-table", LiveTable)
        await pilot.press("down")
        new = audit.record(NewAuditEntry(Actor.moderator(MOD_1), "case.note", GUILD_A, 501, "newest"))
        await until(pilot, lambda: pane.waiting, what="the entry to wait")
        await pilot.press("up")
        await until(pilot, lambda: table.ordered_rows[0].key.value == str(new.id), what="the new row on top")
        assert table.selected_key == str(new.id) and not pane.waiting
