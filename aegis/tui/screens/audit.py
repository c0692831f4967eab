from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from aegis.domain.audit import AuditEntry
from aegis.storage import console
from aegis.storage.console import AuditQuery, Page
from aegis.tui import format as fmt
from aegis.tui.filters import AUDIT_KEYS, parse_audit_query
from aegis.tui.widgets.filtered_pane import FilteredPane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

PAGE = 100
KEEP = 2_000  # rows kept on screen; older ones are a page away
COLUMNS = (
    ("id", "id"),
    ("when (UTC)", "when"),
    ("actor", "actor"),
    ("action", "action"),
    ("target", "target"),
    ("case", "case"),
    ("guild", "guild"),
    ("reason", "reason"),
)


def audit_row(entry: AuditEntry) -> tuple[str, list[str]]:
    case_number = entry.metadata.get("case_number")
    cells = [
        str(entry.id),
        fmt.when(entry.created_at),
        fmt.actor(entry.actor_kind, entry.actor_id),
        entry.action,
        fmt.ident(entry.target_id),
        f"#{case_number}" if case_number else "",
        fmt.ident(entry.guild_id),
        fmt.clip(entry.reason),
    ]
    return str(entry.id), cells


@dataclass(frozen=True)
class Tail:
    """The first page (on a new filter) or the entries written since the newest one on screen."""

    entries: list[AuditEntry]
    fresh: bool
    page: Page[AuditEntry] | None = None


class AuditPane(FilteredPane):
    BINDINGS = [
        Binding("slash", "search", "Filter"),
        Binding("n", "older", "Older"),
        Binding("escape", "leave_filter", "List", show=False),
    ]
    interval = 1.0

    def __init__(self, sources, **kwargs):
        super().__init__(sources, AuditQuery(), **kwargs)
        self.entries: list[AuditEntry] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"/ filter: {AUDIT_KEYS}", id="audit-filter", classes="filter")
        yield LiveTable(*COLUMNS, id="audit-table")
        yield SourceStatus("database")

    def reload(self) -> None:
        self.entries, self.next_cursor = [], None
        super().reload()

    def fetch(self) -> Tail:
        wanted, newest = self.filter, (self.entries[0].id if self.entries else None)
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

    def parse_filter(self, text: str) -> AuditQuery:
        return parse_audit_query(text)

    def older_page(self, wanted: AuditQuery, cursor: int) -> Page[AuditEntry]:
        return self.sources.run(lambda: console.audit_page(wanted, cursor, limit=PAGE))

    def add_older(self, page: Page[AuditEntry]) -> None:
        self.entries += page.items
        self.table.append([audit_row(e) for e in page.items])
