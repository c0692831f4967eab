"""A live pane with a filter line and keyset paging of older rows (the cases and audit screens)."""

from dataclasses import dataclass
from typing import Any

from textual import work
from textual.message import Message
from textual.widgets import DataTable, Input

from aegis.services.console.queries import Named
from aegis.tui.filters import FilterError
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable


@dataclass
class OlderPage(Message):
    page: Named
    generation: int


class FilteredPane(LivePane):
    def __init__(self, sources, initial_filter: Any, **kwargs):
        super().__init__(sources, **kwargs)
        self.filter = initial_filter
        self.next_cursor: int | None = None
        self.window: int | None = None  # rows a filter without an index searches per page, if it has none
        self.filter_error = ""

    # what each pane says for itself
    def parse_filter(self, text: str) -> Any:
        raise NotImplementedError

    def older_page(self, wanted: Any, cursor: int) -> Named:
        """Runs in a worker thread."""
        raise NotImplementedError

    def add_older(self, page: Named) -> None:
        raise NotImplementedError

    def filter_changed(self) -> None:
        """Forget what the old filter showed, before the reload."""

    @property
    def table(self) -> LiveTable:
        return self.query_one(LiveTable)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        try:
            wanted = self.parse_filter(event.value)
        except FilterError as exc:
            self.filter_error = f"filter not applied: {exc}"
            self.status.ok(self.status_note())
            return
        self.filter_error = ""
        if wanted != self.filter:
            self.filter, self.next_cursor = wanted, None
            self.filter_changed()
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
    def _fetch_older(self, wanted: Any, cursor: int, generation: int) -> None:
        self.post_message(OlderPage(self.older_page(wanted, cursor), generation))

    def on_older_page(self, message: OlderPage) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        self.next_cursor = message.page.page.next_cursor
        self.add_older(message.page)
        self.status.ok(self.status_note())
