"""Raid mode on the Rate limits screen, driven with Pilot against a seeded database (SQLite, or Postgres)."""

from datetime import timedelta

from aegis.domain.actors import ActorKind
from aegis.domain.raids import RaidAction, RaidTrigger
from aegis.storage import raids
from aegis.storage.moderation import audit
from aegis.storage.moderation.audit import AuditFilter
from aegis.tui.dialogs.confirm import ConfirmScreen
from aegis.tui.dialogs.guild_picker import GuildPickerScreen
from aegis.tui.widgets.live_table import LiveTable
from tests.tui.tui_helpers import GUILD_B, GUILD_C, NOW, rows, until

SIZE = (120, 34)


def raid_rows(app) -> dict[str, list[str]]:
    """The raids table by guild cell: state, bot, since, trigger, action, cohort, last join."""
    return {row[0]: row[1:] for row in rows(app.query_one("#raids-table", LiveTable))}


def audited(action: str) -> list:
    return audit.page(AuditFilter(action=action), limit=10)


async def answer(pilot, app, text: str) -> None:
    """Fill the dialog's reason and press Enter (typing it key by key costs seconds on a loaded machine)."""
    app.screen.query_one("#dialog-input").value = text
    await pilot.press("enter")


async def open_raids(pilot, app) -> None:
    await until(pilot, lambda: app.pane("ratelimits").loaded, what="the Rate limits screen")


async def pick_guild(pilot, app, text: str) -> None:
    await pilot.press("o")
    await until(pilot, lambda: isinstance(app.screen, GuildPickerScreen), what="the guild picker")
    picker = app.screen
    await until(pilot, lambda: len(picker.choices) == 3, what="every known guild listed")
    await pilot.press(*text)
    await until(pilot, lambda: [c.name for c in picker.choices] == ["Charlie"], what="the list narrowed")
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the confirmation")


async def test_the_raid_list_shows_each_guild_and_whether_the_bot_took_it_up(raids_seeded, make_app, frozen):
    app = make_app(initial="ratelimits")
    async with app.run_test(size=SIZE) as pilot:
        await open_raids(pilot, app)
        table = raid_rows(app)
        assert list(table) == ["Alpha (111)", "Bravo (222)", "Charlie (333)"]  # in raid mode first, then ended
        assert table["Alpha (111)"] == [
            "ON",
            "bot took it up at 11:57:01",
            "11:57:00",
            "spike",
            "timeout",
            "3",
            "11:59:30",
        ]
        assert table["Bravo (222)"][:5] == ["ON", "waiting for the bot…", "11:59:30", "console", "alert"]
        assert table["Charlie (333)"][:2] == ["ended 10:10:00", "bot took it up at 10:10:02"]
        assert "2 guilds in raid mode" in str(app.query_one("#raids-pane").status.render())

        raids.mark_seen(raids_seeded.console, at=NOW + timedelta(seconds=3))
        await until(
            pilot,
            lambda: raid_rows(app)["Bravo (222)"][1] == "bot took it up at 12:00:03",
            what="the bot taking the switch up",
        )


async def test_with_no_bot_running_the_wait_says_so(raids_seeded, make_app, frozen):
    frozen["at"] = NOW + timedelta(minutes=5)  # the seeded heartbeat is five minutes old: no bot is alive
    app = make_app(initial="ratelimits")
    async with app.run_test(size=SIZE) as pilot:
        await open_raids(pilot, app)
        assert raid_rows(app)["Bravo (222)"][1] == "waiting for the bot… (none is running)"


async def test_switching_raid_mode_on_is_written_and_audited_as_the_operator_after_confirming(
    raids_seeded, make_app, frozen
):
    app = make_app(initial="ratelimits")
    async with app.run_test(size=SIZE) as pilot:
        await open_raids(pilot, app)
        await pick_guild(pilot, app, "ch")
        body = str(app.screen.query_one("#dialog-body").render())
        assert "Switch raid mode on in Charlie (333)?" in body
        assert "Each member who joins while it is on is kicked (automod join_rate.raid_action: kick)" in body
        await pilot.press("enter")  # no reason yet: refused, the dialog stays, nothing is written
        assert isinstance(app.screen, ConfirmScreen) and raids.active(GUILD_C) is None

        await answer(pilot, app, "raid wave from a server list")
        await until(pilot, lambda: raids.active(GUILD_C) is not None, what="the raid row")
        raid = raids.active(GUILD_C)
        assert (raid.trigger, raid.action, raid.started_by_kind, raid.reason) == (
            RaidTrigger.CONSOLE,
            RaidAction.KICK,
            ActorKind.OPERATOR,
            "raid wave from a server list",
        )
        [entry] = [e for e in audited("raid.start") if e.metadata["raid_id"] == raid.id]
        assert (entry.actor_kind, entry.guild_id, entry.reason) == (ActorKind.OPERATOR, GUILD_C, raid.reason)

        def charlie_on() -> list[str] | None:
            return next((r for r in rows(app.query_one("#raids-table")) if r[:2] == ["Charlie (333)", "ON"]), None)

        await until(pilot, lambda: charlie_on() is not None, what="the new raid on screen")
        assert charlie_on()[2] == "waiting for the bot…"  # its ended raid stays listed below it
        raids.mark_seen(raid.id, at=NOW + timedelta(seconds=2))
        await until(pilot, lambda: charlie_on()[2] == "bot took it up at 12:00:02", what="the bot taking it up")


async def test_cancelling_either_dialog_writes_nothing(raids_seeded, make_app):
    app = make_app(initial="ratelimits")
    async with app.run_test(size=SIZE) as pilot:
        await open_raids(pilot, app)
        before, ended_before = len(audited("raid.start")), len(audited("raid.end"))
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, GuildPickerScreen))
        await pilot.press("escape")
        await pick_guild(pilot, app, "ch")
        await pilot.press(*"no", "escape")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, (ConfirmScreen, GuildPickerScreen))
        assert raids.active(GUILD_C) is None and len(audited("raid.start")) == before

        table = app.query_one("#raids-table", LiveTable)
        table.move_cursor(row=table.get_row_index(str(raids_seeded.console)))
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert raids.get(raids_seeded.console).active and len(audited("raid.end")) == ended_before


async def test_switching_raid_mode_off_for_the_selected_guild(raids_seeded, make_app, frozen):
    app = make_app(initial="ratelimits")
    async with app.run_test(size=SIZE) as pilot:
        await open_raids(pilot, app)
        table = app.query_one("#raids-table", LiveTable)
        table.move_cursor(row=table.get_row_index(str(raids_seeded.console)))
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Switch raid mode off in Bravo (222)?" in str(app.screen.query_one("#dialog-body").render())
        await answer(pilot, app, "false alarm")
        await until(pilot, lambda: not raids.get(raids_seeded.console).active, what="the raid ended")
        raid = raids.get(raids_seeded.console)
        assert (raid.ended_by_kind, raid.end_reason) == (ActorKind.OPERATOR, "false alarm")
        [entry] = [e for e in audited("raid.end") if e.guild_id == GUILD_B]
        assert (entry.actor_kind, entry.reason) == (ActorKind.OPERATOR, "false alarm")
        await until(
            pilot,
            lambda: raid_rows(app)["Bravo (222)"][:2] == ["ended 12:00:00", "waiting for the bot…"],
            what="the row ended, waiting for the bot",
        )
        raids.mark_seen(raid.id, at=NOW + timedelta(seconds=4))
        await until(pilot, lambda: raid_rows(app)["Bravo (222)"][1] == "bot took it up at 12:00:04")


async def test_what_cannot_be_switched_is_refused_and_explained(raids_seeded, make_app):
    app = make_app(initial="ratelimits")
    async with app.run_test(size=SIZE) as pilot:
        await open_raids(pilot, app)
        table = app.query_one("#raids-table", LiveTable)
        table.move_cursor(row=table.get_row_index(str(raids_seeded.ended)))
        await pilot.press("f")  # an ended raid: nothing to switch off, no dialog
        await pilot.pause(0.1)
        assert not isinstance(app.screen, ConfirmScreen)

        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, GuildPickerScreen))
        picker = app.screen
        await pilot.press(*"al")
        await until(pilot, lambda: [c.name for c in picker.choices] == ["Alpha"])
        await pilot.press("enter")  # Alpha is in raid mode already: said in the picker, which stays
        error = str(picker.query_one("#dialog-error").render())
        assert "guild 111 is in raid mode already (since 06-01 11:57:00 UTC)" in error
        assert app.screen is picker
        picker.query_one("Input").value = "nothing like it"
        await until(pilot, lambda: "no guild matches" in str(picker.query_one("#dialog-error").render()))
        await pilot.press("escape")
        assert len(raids.active_raids()) == 2


async def test_the_command_palette_switches_raid_mode_too(raids_seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.pane("cases").loaded)
        await pilot.press("ctrl+p")
        app.screen.query_one("Input").value = "Raid mode o"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GuildPickerScreen), what="the picker from the palette")
        assert app.query_one("TabbedContent").active == "ratelimits"
