from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input

from aegis.domain.audit import AuditEntry
from aegis.storage import console
from aegis.storage.console import AuditQuery, Page
from aegis.tui import format as fmt
from aegis.tui.filters import AUDIT_KEYS, FilterError, parse_audit_query
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

PAGE = 100
KEEP = 2_000  # rows kept on screen; older ones are a page away
COLUMNS = (("id", "id"), ("when (UTC)", "when"), ("actor", "actor"), ("action", "action"), ("target", "target"),
           ("case", "case"), ("guild", "guild"), ("reason", "reason"))


def audit_row(entry: AuditEntry) -> tuple[str, list[str]]:
    case_number = entry.metadata.get("case_number")
    cells = [str(entry.id), fmt.when(entry.created_at), fmt.actor(entry.actor_kind, entry.actor_id), entry.action,
             fmt.ident(entry.target_id), f"#{case_number}" if case_number else "", fmt.ident(entry.guild_id),
             fmt.clip(entry.reason)]
    return str(entry.id), cells


@dataclass(frozen=True)
class Tail:
    """The first page (on a new filter) or the entries written since the newest one on screen."""

    entries: list[AuditEntry]
    fresh: bool
    page: Page[AuditEntry] | None = None


@dataclass
class OlderEntries(Message):
    page: Page[AuditEntry]
    generation: int


class AuditPane(LivePane):
    BINDINGS = [
        Binding("slash", "search", "Filter"),
        Binding("n", "older", "Older"),
        Binding("escape", "leave_filter", "List", show=False),
    ]
    interval = 1.0

    def __init__(self, sources, **kwargs):
        super().__init__(sources, **kwargs)
        self.query_ = AuditQuery()
        self.entries: list[AuditEntry] = []
        self.next_cursor: int | None = None
        self.window: int | None = None
        self.filter_error = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"/ filter: {AUDIT_KEYS}", id="audit-filter", classes="filter")
        yield LiveTable(*COLUMNS, id="audit-table")
        yield SourceStatus("database")

    @property
    def table(self) -> LiveTable:
        return self.query_one(LiveTable)

    def reload(self) -> None:
        self.entries, self.next_cursor = [], None
        super().reload()

    def fetch(self) -> Tail:
        wanted, newest = self.query_, (self.entries[0].id if self.entries else None)
        if newest is None:
            page = self.sources.run(lambda: console.audit_page(wanted, limit=PAGE))
            return Tail(page.items, True, page)
        return Tail(self.sources.run(lambda: console.audit_newer(wanted, newest)), False)

    def show(self, tail: Tail) -> None:
        if tail.page is not None:
            self.entries, self.next_cursor, self.window = tail.entries, tail.page.next_cursor, tail.page.window
        elif newer := [e for e in tail.entries if not self.entries or e.id > self.entries[0].id]:
            # two polls may overlap after an operator action asks for a fresh one: keep each entry once
            self.entries = newer + self.entries
            if len(self.entries) > KEEP:
                self.entries = self.entries[:KEEP]
                self.next_cursor = self.entries[-1].id
        else:
            return
        self.table.show([audit_row(e) for e in self.entries])

    def status_note(self) -> str:
        if self.filter_error:
            return self.filter_error
        shown = f"{len(self.entries)} entries" + (" · n for older" if self.next_cursor else " · end")
        if self.window:
            return f"{shown} · this filter has no single index: each page searches {self.window:,} entries at most"
        return shown + " · live"

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        try:
            wanted = parse_audit_query(event.value)
        except FilterError as exc:
            self.filter_error = f"filter not applied: {exc}"
            self.status.ok(self.status_note())
            return
        self.filter_error = ""
        if wanted != self.query_:
            self.query_ = wanted
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
            self._fetch_older(self.query_, self.next_cursor, self.generation)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row == self.table.row_count - 1 and self.next_cursor is not None and not self.window:
            self.action_older()

    @work(thread=True, exclusive=True, group="older")
    def _fetch_older(self, wanted: AuditQuery, cursor: int, generation: int) -> None:
        page = self.sources.run(lambda: console.audit_page(wanted, cursor, limit=PAGE))
        self.post_message(OlderEntries(page, generation))

    def on_older_entries(self, message: OlderEntries) -> None:
        if message.generation != self.generation:
            return
        self.entries += message.page.items
        self.next_cursor = message.page.next_cursor
        self.table.append([audit_row(e) for e in message.page.items])
        self.status.ok(self.status_note())
