"""A DataTable for stored data: its ``str`` cells are shown as typed, never read as markup."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, RowKey

from screens.format import cell


class TextTable(DataTable[Any]):
    """``DataTable`` reads a ``str`` cell as markup; here every ``str`` cell becomes :func:`cell` text.

    Every table of the app holds names, codes, notes and sites the owner typed, so
    the tables derive from this one rather than each cell being wrapped where it is made.
    """

    def add_row(
        self, *cells: CellType, height: int | None = 1, key: str | None = None, label: Any = None
    ) -> RowKey:
        return super().add_row(*(_text(c) for c in cells), height=height, key=key, label=_text(label))

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType, *, update_width: bool = False
    ) -> None:
        super().update_cell(row_key, column_key, _text(value), update_width=update_width)


def _text(value: Any) -> Any:
    return cell(value) if isinstance(value, str) else value
