from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input

from aegis import clock
from aegis.domain.actors import OPERATOR
from aegis.domain.cases import Case, CaseType
from aegis.storage import console
from aegis.storage.console import CaseFilter, CaseStatus, Page
from aegis.tui import format as fmt
from aegis.tui.filters import CASE_KEYS, FilterError, parse_case_filter
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

PAGE = 100
COLUMNS = (("case", "case"), ("type", "type"), ("status", "status"), ("member", "member"),
           ("moderator", "moderator"), ("created (UTC)", "created"), ("guild", "guild"), ("reason", "reason"))


def case_row(case: Case) -> tuple[str, list[str]]:
    status = console.status_of(case, clock.now()).value
    moderator = fmt.ident(case.moderator_id) or case.actor_kind.value
    cells = [f"#{case.number}", case.type.value, status, fmt.ident(case.target_id), moderator,
             fmt.when(case.created_at), str(case.guild_id), fmt.clip(case.reason)]
    return str(case.id), cells


@dataclass
class OlderCases(Message):
    page: Page[Case]
    generation: int


class CasesPane(LivePane):
    BINDINGS = [
        Binding("slash", "search", "Filter"),
        Binding("enter", "open", "Open", show=True),
        Binding("p", "pardon", "Pardon"),
        Binding("n", "older", "Older"),
        Binding("escape", "leave_filter", "List", show=False),
    ]

    def __init__(self, sources, **kwargs):
        super().__init__(sources, **kwargs)
        self.filter = CaseFilter()
        self.head: list[Case] = []
        self.older: list[Case] = []
        self.next_cursor: int | None = None
        self.window: int | None = None
        self.filter_error = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"/ filter: {CASE_KEYS}", id="cases-filter", classes="filter")
        yield LiveTable(*COLUMNS, id="cases-table")
        yield SourceStatus("database")

    @property
    def table(self) -> LiveTable:
        return self.query_one(LiveTable)

    def fetch(self) -> Page[Case]:
        wanted = self.filter
        return self.sources.run(lambda: console.cases_page(wanted, limit=PAGE))

    def show(self, page: Page[Case]) -> None:
        self.head = page.items
        if not self.older:
            self.next_cursor = page.next_cursor
        self.window = page.window
        self._redraw()

    def _redraw(self) -> None:
        seen, rows = set(), []
        for case in self.head + self.older:
            if case.id not in seen:
                seen.add(case.id)
                rows.append(case_row(case))
        self.table.show(rows)

    def status_note(self) -> str:
        if self.filter_error:
            return self.filter_error
        shown = f"{self.table.row_count} cases" + (" · n for older" if self.next_cursor else " · end")
        if self.window:
            return f"{shown} · this filter has no index: each page searches {self.window:,} cases at most"
        return shown

    def selected(self) -> Case | None:
        key = self.table.selected_key
        return next((c for c in self.head + self.older if str(c.id) == key), None)

    # --- filtering and paging ---

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        try:
            wanted = parse_case_filter(event.value)
        except FilterError as exc:
            self.filter_error = f"filter not applied: {exc}"
            self.status.ok(self.status_note())
            return
        self.filter_error = ""
        if wanted != self.filter:
            self.filter, self.older, self.next_cursor = wanted, [], None
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_leave_filter(self) -> None:
        self.table.focus()

    def action_older(self) -> None:
        if self.next_cursor is not None:
            self._fetch_older(self.filter, self.next_cursor, self.generation)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row == self.table.row_count - 1 and self.next_cursor is not None and not self.window:
            self.action_older()

    @work(thread=True, exclusive=True, group="older")
    def _fetch_older(self, wanted: CaseFilter, cursor: int, generation: int) -> None:
        page = self.sources.run(lambda: console.cases_page(wanted, cursor, limit=PAGE))
        self.post_message(OlderCases(page, generation))

    def on_older_cases(self, message: OlderCases) -> None:
        if message.generation != self.generation:
            return
        self.older += message.page.items
        self.next_cursor = message.page.next_cursor
        self._redraw()
        self.status.ok(self.status_note())

    # --- opening and pardoning ---

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        case = self.selected()
        if case is not None:
            from aegis.tui.screens.case_detail import CaseScreen

            self.app.push_screen(CaseScreen(self.sources, case))

    def action_pardon(self) -> None:
        case = self.selected()
        if case is not None:
            ask_pardon(self.app, case)


def ask_pardon(app, case: Case) -> None:
    """Confirm, then pardon as the operator; storage.cases.pardon writes the audit entry with it."""
    from aegis.tui.screens.confirm import ConfirmScreen

    if case.type is not CaseType.WARN:
        app.notify(f"case #{case.number} is a {case.type.value}; only warnings can be pardoned", severity="warning")
        return
    if console.status_of(case, clock.now()) is CaseStatus.PARDONED:
        app.notify(f"case #{case.number} is already pardoned", severity="warning")
        return

    def done(reason: str | None) -> None:
        if reason:
            app.run_operator_action(
                f"pardon case #{case.number}",
                lambda: console.pardon(case, OPERATOR, reason) is not None,
            )

    body = f"Pardon warning #{case.number} of member {case.target_id} in guild {case.guild_id}?\n{fmt.clip(case.reason, 70)}"
    app.push_screen(ConfirmScreen("Pardon warning", body), done)
