"""What every list screen shares: a table paged from SQLite, reloaded on every change."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.widgets import Input

from screens.live import LiveScreen
from screens.widgets.paged_table import PagedTable
from tracker.i18n import _


class ListScreen(LiveScreen):
    """A list of records: a :class:`PagedTable` with id ``table`` fed by :meth:`set_loader`."""

    CSS_PATH = "../lists.tcss"
    #: Shown as the screen's sub-title (declared in English with ``N_``, translated when shown).
    LIST_TITLE: ClassVar[str] = ""

    def on_mount(self) -> None:
        self.sub_title = _(self.LIST_TITLE)
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

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.action_leave_filter_to_table()

    def action_focus_filter(self) -> None:
        """Type in the filter box."""
        self.query_one("#filter", Input).focus()

    def action_leave_filter(self) -> None:
        """In the filter box with text, clear it; otherwise back to the table."""
        box = self.query_one("#filter", Input)
        if box.has_focus and box.value:
            box.value = ""
        else:
            self.query_one(PagedTable).focus()

    def action_leave_filter_to_table(self) -> None:
        """From the filter box to the table's first row (the best match)."""
        table = self.query_one(PagedTable)
        table.focus()
        if table.row_count:
            table.move_cursor(row=0)
