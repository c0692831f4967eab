from collections.abc import Sequence

from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

Row = tuple[str, Sequence[object]]  # (key, cells)


class LiveTable(DataTable):
    """A table whose rows are replaced by newer data while the operator's cursor stays on the same row."""

    DEFAULT_CSS = ""

    def __init__(self, *columns: tuple[str, str], **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns = columns

    def on_mount(self) -> None:
        for label, key in self._columns:
            self.add_column(label, key=key)

    @property
    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def show(self, rows: Sequence[Row]) -> None:
        """Replace every row; the cursor follows its row, and the view does not jump if scrolled down."""
        keys = [key for key, _ in rows]
        if keys == self._keys() and all(self._same(key, cells) for key, cells in rows):
            return
        selected, old_row, old_scroll = self.selected_key, self.cursor_row, self.scroll_y
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if selected is None or selected not in keys:
            self.move_cursor(row=min(old_row, max(0, len(rows) - 1)), scroll=False)
            return
        new_row = keys.index(selected)
        self.move_cursor(row=new_row, scroll=False)
        if old_scroll:
            self.scroll_to(y=old_scroll + (new_row - old_row), animate=False, immediate=True)

    def append(self, rows: Sequence[Row]) -> None:
        present = set(self._keys())
        for key, cells in rows:
            if key not in present:
                self.add_row(*cells, key=key)

    def _keys(self) -> list[str]:
        return [row.key.value for row in self.ordered_rows]

    def _same(self, key: str, cells: Sequence[object]) -> bool:
        try:
            return list(self.get_row(key)) == list(cells)
        except RowDoesNotExist:
            return False
