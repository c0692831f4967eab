from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

Row = tuple[str, Sequence[object]]  # (key, cells)
FLEX_MIN = 12  # a reason narrower than this is hard to read; the table scrolls sideways instead
SCROLLBAR = 2


class LiveTable(DataTable):
    """A table whose rows are replaced by newer data while the operator's cursor stays on the same row.

    With `flex`, that column (a reason, an error) takes the width the others leave and wraps, so the table fits
    the terminal: nothing is cut at its right edge, where a cut id would look like a real one. The `wrap`
    columns wrap too when the terminal is narrow, never below their longest word (an id stays whole)."""

    DEFAULT_CSS = ""

    def __init__(self, *columns: tuple[str, str], flex: str | None = None, wrap: tuple[str, ...] = (), **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns = columns
        self._flex = flex
        self._wrap = wrap
        self._rows: list[Row] = []
        self._laid_out_for = 0

    def on_mount(self) -> None:
        for label, key in self._columns:
            self.add_column(label, key=key, width=FLEX_MIN if key == self._flex else None)

    @property
    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def show(self, rows: Sequence[Row]) -> None:
        """Replace every row; the cursor follows its row, and the view does not jump if scrolled down."""
        keys = [key for key, _ in rows]
        if keys == self._keys() and all(self._same(key, cells) for key, cells in rows) and not self._width_changed():
            return
        self._rows = list(rows)
        selected, old_row, old_scroll = self.selected_key, self.cursor_row, self.scroll_y
        self._fit_flex()
        self.clear()
        self._measure()
        for key, cells in rows:
            self.add_row(*self._cells(cells), key=key, height=self._row_height)
        if selected is None or selected not in keys:
            self.move_cursor(row=min(old_row, max(0, len(rows) - 1)), scroll=False)
            return
        new_row = keys.index(selected)
        self.move_cursor(row=new_row, scroll=False)
        if old_scroll:
            self.scroll_to(y=old_scroll + (new_row - old_row), animate=False, immediate=True)

    def append(self, rows: Sequence[Row]) -> None:
        present = set(self._keys())
        fresh = [(key, cells) for key, cells in rows if key not in present]
        self._rows += fresh
        for key, cells in fresh:
            self.add_row(*self._cells(cells), key=key, height=self._row_height)

    def on_resize(self, event: events.Resize) -> None:
        if self._flex and self._width_changed():
            self.show(list(self._rows))

    @property
    def settled(self) -> bool:
        """True once the rows on it are measured and, with a flex column, fitted to the width it really has."""
        return not self._require_update_dimensions and not self._width_changed() and self.size.width > 0

    @property
    def _row_height(self) -> int | None:
        return None if self._flex else 1  # None: as many lines as the wrapped cell needs

    def _available(self) -> int:
        return (self.size.width or self.app.size.width) - SCROLLBAR

    def _width_changed(self) -> bool:
        return bool(self._flex) and self._available() != self._laid_out_for

    def _measure(self) -> None:
        """Each column as wide as these rows need, now: clear() keeps every column's widest cell ever, and
        Textual measures new rows only when idle, so a paint in between would show stale or label-only widths."""
        for index, (label, key) in enumerate(self._columns):
            cells = [cell_len(str(cells[index])) for _, cells in self._rows]
            self.columns[key].content_width = max([cell_len(label), *cells])

    def _fit_flex(self) -> None:
        """The flex column gets what the others leave. When that is too little, the `wrap` columns (a name
        beside an id) give up width first, down to their longest word, so a name goes above its id."""
        if not self._flex:
            return
        self._laid_out_for = self._available()
        padding = 2 * self.cell_padding
        natural, shortest = {}, {}
        for index, (label, key) in enumerate(self._columns):
            cells = [str(cells[index]) for _, cells in self._rows]
            natural[key] = max([cell_len(label)] + [cell_len(c) for c in cells])
            words = [w for c in cells for w in c.split()]
            shortest[key] = max([cell_len(label)] + [cell_len(w) for w in words])
        del natural[self._flex]
        over = sum(natural.values()) + padding * len(self._columns) + FLEX_MIN - self._laid_out_for
        widths = dict(natural)
        for key in sorted(self._wrap, key=lambda k: shortest[k] - natural[k]):
            if over <= 0:
                break
            give = min(over, natural[key] - shortest[key])
            widths[key], over = natural[key] - give, over - give
        for key, width in widths.items():
            column = self.columns[key]
            column.width, column.auto_width = width, key not in self._wrap or width == natural[key]
        flex = self.columns[self._flex]
        used = sum(widths.values()) + padding * len(widths)
        flex.width, flex.auto_width = max(FLEX_MIN, self._laid_out_for - used - padding), False

    def _cells(self, cells: Sequence[object]) -> list[object]:
        # Textual's auto-height rows cannot pad an empty cell (it has no first segment to copy): give it a space.
        return [" " if self._flex and cell == "" else cell for cell in cells]

    def _keys(self) -> list[str]:
        return [row.key.value for row in self.ordered_rows]

    def _same(self, key: str, cells: Sequence[object]) -> bool:
        try:
            return list(self.get_row(key)) == self._cells(cells)
        except RowDoesNotExist:
            return False
