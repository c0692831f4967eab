from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input

from aegis import clock
from aegis.domain.actors import OPERATOR
from aegis.domain.members import Names
from aegis.domain.moderation.cases import UnreadableCase
from aegis.services.console import actions, queries
from aegis.services.console.queries import AnyCase, CaseFilter, Named
from aegis.services.moderation.records import pardon_refusal
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
    ("created (UTC)", "created"),
    ("member", "member"),
    ("moderator", "moderator"),
    ("guild", "guild"),
    ("reason", "reason"),
)
UNREADABLE = "unreadable"


def case_row(case: AnyCase, names: Names) -> tuple[str, list[str]]:
    if isinstance(case, UnreadableCase):
        status, moderator = UNREADABLE, fmt.named(names.user(case.moderator_id), case.moderator_id) or case.actor_kind
        kind = case.type
    else:
        status = queries.status_of(case, clock.now()).value
        moderator = fmt.named(names.user(case.moderator_id), case.moderator_id) or case.actor_kind.value
        kind = case.type.value
    cells = [
        f"#{case.number}",
        kind,
        status,
        fmt.when(case.created_at),
        fmt.named(names.user(case.target_id), case.target_id),
        moderator,
        fmt.named(names.guild(case.guild_id), case.guild_id),
        " ".join((case.reason or "").split()),
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
        self.head: list[AnyCase] = []
        self.older: list[AnyCase] = []
        self.names = Names()

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"/ filter: {CASE_KEYS}", id="cases-filter", classes="filter")
        yield LiveTable(*COLUMNS, flex="reason", wrap=("member", "moderator", "guild"), id="cases-table")
        yield SourceStatus("database")

    def fetch(self) -> Named[AnyCase]:
        wanted = self.filter
        return self.sources.run(lambda: queries.cases_page(wanted, limit=PAGE))

    def show(self, named: Named[AnyCase]) -> None:
        self.head = named.page.items
        self._learn(named.names)
        if not self.older:
            self.next_cursor = named.page.next_cursor
        self.window = named.page.window
        self._redraw()

    def _learn(self, names: Names) -> None:
        self.names = Names({**self.names.guilds, **names.guilds}, {**self.names.users, **names.users})

    def _redraw(self) -> None:
        seen, rows = set(), []
        for case in self.head + self.older:
            if case.id not in seen:
                seen.add(case.id)
                rows.append(case_row(case, self.names))
        self.table.show(rows)

    def status_note(self) -> str:
        if self.filter_error:
            return self.filter_error
        shown = f"{self.table.row_count} cases" + (" · n for older" if self.next_cursor else " · end")
        if self.window:
            shown += f" · this filter has no index: each page searches {self.window:,} cases at most"
        unreadable = [c for c in self.head + self.older if isinstance(c, UnreadableCase)]
        if unreadable:
            more = f" (and {len(unreadable) - 1} more)" if len(unreadable) > 1 else ""
            shown += f" · cannot read {unreadable[0].error}{more}"
        return shown

    def selected(self) -> AnyCase | None:
        key = self.table.selected_key
        return next((c for c in self.head + self.older if str(c.id) == key), None)

    # --- filtering and paging ---

    def parse_filter(self, text: str) -> CaseFilter:
        return parse_case_filter(text)

    def filter_changed(self) -> None:
        self.older = []

    def older_page(self, wanted: CaseFilter, cursor: int) -> Named[AnyCase]:
        return self.sources.run(lambda: queries.cases_page(wanted, cursor, limit=PAGE))

    def add_older(self, named: Named[AnyCase]) -> None:
        self.older += named.page.items
        self._learn(named.names)
        self._redraw()

    # --- opening and pardoning ---

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        case = self.selected()
        if case is not None:
            from aegis.tui.screens.case_detail import CaseScreen

            self.app.push_screen(CaseScreen(self.sources, case, self.names))

    def action_pardon(self) -> None:
        case = self.selected()
        if case is not None:
            ask_pardon(self.app, case, self.names)


def ask_pardon(app, case: AnyCase, names: Names) -> None:
    """Confirm, then pardon as the operator, by the slash command's rule (services.moderation.records)."""
    from aegis.tui.dialogs.confirm import ConfirmScreen

    if isinstance(case, UnreadableCase):
        app.notify(f"case #{case.number} cannot be read by this Aegis, so it cannot be pardoned", severity="warning")
        return
    refusal = pardon_refusal(case, case.number)
    if refusal is not None:
        app.notify(refusal.reason, severity="warning")
        return

    def done(reason: str | None) -> None:
        if reason:
            app.run_operator_action(f"pardon case #{case.number}", lambda: actions.pardon(case, OPERATOR, reason))

    member, guild = (
        fmt.named(names.user(case.target_id), case.target_id),
        fmt.named(names.guild(case.guild_id), case.guild_id),
    )
    body = f"Pardon warning #{case.number} of member {member} in guild {guild}?\n{fmt.clip(case.reason, 70)}"
    app.push_screen(ConfirmScreen("Pardon warning", body), done)
