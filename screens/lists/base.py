"""What every list screen shares: a table paged from SQLite, reloaded on every change."""

from __future__ import annotations

from typing import Any, ClassVar

from screens.live import LiveScreen
from screens.widgets.paged_table import PagedTable


class ListScreen(LiveScreen):
    """A list of records: a :class:`PagedTable` with id ``table`` fed by :meth:`set_loader`."""

    CSS_PATH = "../lists.tcss"
    #: Shown as the screen's sub-title.
    LIST_TITLE: ClassVar[str] = ""

    def on_mount(self) -> None:
        self.sub_title = self.LIST_TITLE
        table = self.query_one(PagedTable)
        table.renderer = self.row_cells
        table.focus()
        self.data_changed()

    def reload(self) -> None:
        self.set_loader()
        self.query_one(PagedTable).reload()

    def set_loader(self) -> None:
        """Point the table at the query for the current view, filter and date."""
        raise NotImplementedError

    def row_cells(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        """A fetched row as (key, cells)."""
        raise NotImplementedError
