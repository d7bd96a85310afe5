"""A DataTable for stored data: its ``str`` cells are shown as typed, never read as markup."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text, TextType
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, RowKey

from screens.format import cell


class TextTable(DataTable[Any]):
    """``DataTable`` reads a ``str`` cell as markup; here every ``str`` cell becomes :func:`cell` text.

    Every table of the app holds names, codes, notes and sites the owner typed, so
    the tables derive from this one rather than each cell being wrapped where it is made.

    With ``fill`` (a column key), that column takes whatever width the others leave
    (at least :attr:`FILL_MIN`); text cut there ends in ``…`` (see :func:`long_cell`).

    A column of a fixed width is never narrower than its heading, measured in
    terminal cells (a Chinese heading takes two a character): it is never cut.
    """

    FILL_MIN = 12

    def __init__(self, *args: Any, fill: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fill = fill

    def on_resize(self) -> None:
        self.fit_fill()

    def fit_fill(self) -> None:
        """Give the ``fill`` column the width the other columns leave."""
        key = ColumnKey(self.fill) if self.fill else None
        width = self.scrollable_content_region.width
        if key is None or key not in self.columns or not width:
            return
        others = sum(c.get_render_width(self) for k, c in self.columns.items() if k != key)
        wanted = max(self.FILL_MIN, width - others - 2 * self.cell_padding)
        column = self.columns[key]
        if column.width != wanted:
            column.width = wanted
            column.auto_width = False
            # DataTable keeps measured widths and rendered lines: have it measure and draw again.
            self._require_update_dimensions = True
            self._update_count += 1
            self.refresh()

    def add_column(
        self, label: TextType, *, width: int | None = None, key: str | None = None, default: CellType | None = None
    ) -> ColumnKey:
        if width is not None:
            width = max(width, heading_width(label))
        return super().add_column(label, width=width, key=key, default=default)

    def add_row(
        self, *cells: CellType, height: int | None = 1, key: str | None = None, label: Any = None
    ) -> RowKey:
        return super().add_row(*(_text(c) for c in cells), height=height, key=key, label=_text(label))

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType, *, update_width: bool = False
    ) -> None:
        super().update_cell(row_key, column_key, _text(value), update_width=update_width)


def heading_width(label: TextType) -> int:
    """The cells a column heading takes (a Chinese character: two)."""
    return max((cell_len(line) for line in str(label).splitlines()), default=0)


def long_cell(value: Any) -> Text:
    """Stored text for a column that may cut it: on one line, ending in ``…`` where it is cut."""
    return Text("" if value is None else str(value), no_wrap=True, overflow="ellipsis", end="")


def _text(value: Any) -> Any:
    return cell(value) if isinstance(value, str) else value
