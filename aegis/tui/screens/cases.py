from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input

from aegis import clock
from aegis.domain.actors import OPERATOR
from aegis.domain.cases import Case, CaseType
from aegis.storage import console
from aegis.storage.console import CaseFilter, CaseStatus, Page
from aegis.tui import format as fmt
from aegis.tui.filters import CASE_KEYS, parse_case_filter
from aegis.tui.widgets.filtered_pane import FilteredPane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

PAGE = 100
COLUMNS = (
    ("case", "case"),
    ("type", "type"),
    ("status", "status"),
    ("member", "member"),
    ("moderator", "moderator"),
    ("created (UTC)", "created"),
    ("guild", "guild"),
    ("reason", "reason"),
)


def case_row(case: Case) -> tuple[str, list[str]]:
    status = console.status_of(case, clock.now()).value
    moderator = fmt.ident(case.moderator_id) or case.actor_kind.value
    cells = [
        f"#{case.number}",
        case.type.value,
        status,
        fmt.ident(case.target_id),
        moderator,
        fmt.when(case.created_at),
        str(case.guild_id),
        fmt.clip(case.reason),
    ]
    return str(case.id), cells


class CasesPane(FilteredPane):
    BINDINGS = [
        Binding("slash", "search", "Filter"),
        Binding("enter", "open", "Open", show=True),
        Binding("p", "pardon", "Pardon"),
        Binding("n", "older", "Older"),
        Binding("escape", "leave_filter", "List", show=False),
    ]

    def __init__(self, sources, **kwargs):
        super().__init__(sources, CaseFilter(), **kwargs)
        self.head: list[Case] = []
        self.older: list[Case] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"/ filter: {CASE_KEYS}", id="cases-filter", classes="filter")
        yield LiveTable(*COLUMNS, id="cases-table")
        yield SourceStatus("database")

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

    def parse_filter(self, text: str) -> CaseFilter:
        return parse_case_filter(text)

    def filter_changed(self) -> None:
        self.older = []

    def older_page(self, wanted: CaseFilter, cursor: int) -> Page[Case]:
        return self.sources.run(lambda: console.cases_page(wanted, cursor, limit=PAGE))

    def add_older(self, page: Page[Case]) -> None:
        self.older += page.items
        self._redraw()

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
