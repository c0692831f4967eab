"""What the console's tables show at a normal terminal size: names beside ids, ids whole, reasons whole."""

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.storage import guilds
from aegis.storage.moderation import cases
from aegis.tui.screens.case_detail import CaseScreen
from aegis.tui.widgets.live_table import LiveTable
from tests.tui.tui_helpers import GUILD_A, GUILD_B, rows, static_text, until

BIG_GUILD, BIG_MEMBER, BIG_MOD = 987654321098765432, 123456789012345678, 223456789012345678
LONG_REASON = (
    "kept posting the same invite link in #general, #help and #off-topic after two warnings from staff, "
    "then evaded the slowmode with an alt account"
)


async def test_names_sit_beside_ids_and_long_reasons_wrap_inside_120_columns(seeded, make_app):
    guilds.ensure_guild(BIG_GUILD, "A server with a rather long name indeed")
    case = cases.create(NewCase(BIG_GUILD, CaseType.BAN, BIG_MEMBER, ActorKind.MODERATOR, BIG_MOD, LONG_REASON))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.pane("cases")
        await until(pilot, lambda: pane.painted, what="the cases painted")
        table = app.query_one("#cases-table", LiveTable)
        by_id = {row.key.value: cells for row, cells in zip(table.ordered_rows, rows(table), strict=True)}
        big = by_id[str(case.id)]
        assert big[4] == str(BIG_MEMBER) and big[5] == str(BIG_MOD)  # ids the bot never named: whole, bare
        assert big[6].endswith(f"({BIG_GUILD})") and big[6].startswith("A server with a rat")  # name shortened, id not
        assert big[7] == LONG_REASON  # the whole reason, wrapped over lines rather than cut
        assert table.rows[table.ordered_rows[0].key].height > 1
        assert table.virtual_size.width <= table.size.width  # nothing runs past the right edge
        seeded_row = by_id[str(seeded.warn_a)]
        assert seeded_row[4:7] == ["ana (501)", "mod_max (9001)", f"Alpha ({GUILD_A})"]


async def test_the_schedules_case_column_shows_case_numbers_not_row_ids(seeded, make_app):
    app = make_app(initial="schedules")
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("schedules").loaded)
        pending = rows(app.query_one("#pending-table", LiveTable))
        # Bravo's timeout is the eighth case stored (row id 8) and Bravo's third case: moderators know it as #3.
        assert [(r[5], r[6], r[7]) for r in pending] == [
            ("ana (501)", "#3", f"Alpha ({GUILD_A})"),
            ("ana (501)", "#3", f"Bravo ({GUILD_B})"),
        ]
        assert cases.get(GUILD_B, 3).id == 8


async def test_an_automod_case_shows_its_explanation(seeded, make_app):
    metadata = {
        "rule": "message_rate",
        "matched": "buy cheap nitro",
        "counts": {"messages": 9, "limit": 8, "window_s": 5},
        "reason": "9 messages in 5 s (limit 8)",
        "message_ids": [1, 2, 3, 4, 5, 6, 7, 8, 9],
        "deleted": 1,
    }
    case = cases.create(
        NewCase(GUILD_A, CaseType.AUTOMOD, 501, ActorKind.AUTOMOD, None, "Automod (message_rate)", metadata=metadata)
    )
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("cases").loaded)
        table = app.query_one("#cases-table", LiveTable)
        table.move_cursor(row=table.get_row_index(str(case.id)))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.query_one("CaseTrail").loaded)
        text = static_text(app.screen.query_one("#case-details"))
        for line in (
            "automod rule  message_rate",
            "matched       buy cheap nitro",
            "counts        limit 8, messages 9, window_s 5",
            "explanation   9 messages in 5 s (limit 8)",
            "burst         9 messages",
            "deleted       1 message",
        ):
            assert line in text, line
