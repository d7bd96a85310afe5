"""The row under a DataTable's cursor."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist


def key_under_cursor(table: DataTable[Any]) -> str | None:
    """The key of the row under *table*'s cursor, or None when there is no such row."""
    if not table.row_count:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except CellDoesNotExist:
        return None
    return key.value if key is not None else None
