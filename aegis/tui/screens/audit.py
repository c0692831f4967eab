from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from aegis.domain.members import Names
from aegis.domain.moderation.audit import AuditEntry
from aegis.domain.wording import plural
from aegis.services.console import queries
from aegis.services.console.queries import AuditQuery, Named
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


def audit_row(entry: AuditEntry, names: Names) -> tuple[str, list[str]]:
    case_number = entry.metadata.get("case_number")
    cells = [
        str(entry.id),
        fmt.when(entry.created_at),
        fmt.actor(entry.actor_kind, entry.actor_id, names.user(entry.actor_id)),
        entry.action,
        fmt.named(names.user(entry.target_id), entry.target_id),
        f"#{case_number}" if case_number else "",
        fmt.named(names.guild(entry.guild_id), entry.guild_id),
        " ".join((entry.reason or "").split()),
    ]
    return str(entry.id), cells


@dataclass(frozen=True)
class Tail:
    """The first page (on a new filter) or the entries written since the newest one on screen."""

    entries: list[AuditEntry]
    names: Names
    page: Named[AuditEntry] | None = None


class AuditPane(FilteredPane):
    """A live tail that follows while the cursor is on the newest entry. Once the operator moves down to read,
    new entries wait above instead of pushing the rows being read: `Home` (or the cursor back on top) shows them."""

    BINDINGS = [
        Binding("slash", "search", "Filter"),
        Binding("n", "older", "Older"),
        Binding("home", "newest", "Newest", show=False, priority=True),  # over the table's own Home
        Binding("escape", "leave_filter", "List", show=False),
    ]
    interval = 1.0

    def __init__(self, sources, **kwargs):
        super().__init__(sources, AuditQuery(), **kwargs)
        self.entries: list[AuditEntry] = []
        self.waiting: list[AuditEntry] = []  # newer than what is shown, held while the operator reads below
        self.names = Names()

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"/ filter: {AUDIT_KEYS}", id="audit-filter", classes="filter")
        yield LiveTable(*COLUMNS, flex="reason", wrap=("actor", "target", "guild"), id="audit-table")
        yield SourceStatus("database")

    def reload(self) -> None:
        self.entries, self.waiting, self.next_cursor = [], [], None
        super().reload()

    def fetch(self) -> Tail:
        known = self.waiting + self.entries
        wanted, newest = self.filter, (known[0].id if known else None)
        if newest is None:
            page = self.sources.run(lambda: queries.audit_page(wanted, limit=PAGE))
            return Tail(page.page.items, page.names, page)
        entries, names = self.sources.run(lambda: queries.audit_newer(wanted, newest))
        return Tail(entries, names)

    def show(self, tail: Tail) -> None:
        self.names = Names({**self.names.guilds, **tail.names.guilds}, {**self.names.users, **tail.names.users})
        if tail.page is not None:
            self.entries, self.next_cursor, self.window = (
                tail.entries,
                tail.page.page.next_cursor,
                tail.page.page.window,
            )
            self._draw()
            return
        newest = (self.waiting + self.entries)[0].id if self.waiting or self.entries else 0
        # two polls may overlap after an operator action asks for a fresh one: keep each entry once
        newer = [e for e in tail.entries if e.id > newest]
        if not newer:
            return
        self.waiting = newer + self.waiting
        if self.following:
            self._show_waiting()

    @property
    def following(self) -> bool:
        return self.table.cursor_row <= 0 and self.table.scroll_y == 0

    def action_newest(self) -> None:
        if isinstance(self.app.focused, Input):
            self.app.focused.action_home()  # Home in the filter line keeps its meaning there
        else:
            self._show_waiting()

    def _show_waiting(self) -> None:
        self.entries, self.waiting = self.waiting + self.entries, []
        if len(self.entries) > KEEP:
            self.entries = self.entries[:KEEP]
            self.next_cursor = self.entries[-1].id
        self._draw()
        self.table.move_cursor(row=0)
        self.report()

    def _draw(self) -> None:
        self.table.show([audit_row(e, self.names) for e in self.entries])

    def on_data_table_row_highlighted(self, event) -> None:
        super().on_data_table_row_highlighted(event)
        if event.cursor_row == 0 and self.waiting:
            self._show_waiting()

    def status_note(self) -> str:
        if self.filter_error:
            return self.filter_error
        shown = f"{len(self.entries)} entries" + (" · n for older" if self.next_cursor else " · end")
        if self.window:
            return f"{shown} · this filter has no single index: each page searches {self.window:,} entries at most"
        if self.waiting:
            return f"{shown} · {plural(len(self.waiting), 'new entry', 'new entries')} above · Home shows them"
        return shown + " · live"

    def parse_filter(self, text: str) -> AuditQuery:
        return parse_audit_query(text)

    def older_page(self, wanted: AuditQuery, cursor: int) -> Named[AuditEntry]:
        return self.sources.run(lambda: queries.audit_page(wanted, cursor, limit=PAGE))

    def add_older(self, named: Named[AuditEntry]) -> None:
        self.names = Names({**self.names.guilds, **named.names.guilds}, {**self.names.users, **named.names.users})
        self.entries += named.page.items
        self.table.append([audit_row(e, self.names) for e in named.page.items])
