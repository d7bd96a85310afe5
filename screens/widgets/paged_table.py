"""A DataTable that pages its rows from SQLite (keyset pagination), never a whole table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import getters, on, work
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, CursorType
from textual.worker import get_current_worker

from screens.app import RentrackApp
from screens.widgets.cursor import key_under_cursor
from screens.widgets.text_table import TextTable

if TYPE_CHECKING:
    from textual.coordinate import Coordinate

#: Reads one page: (connection, after-token or None, limit) -> rows (dicts with a ``_key``).
Loader = Callable[[Any, Any, int], list[dict[str, Any]]]
#: Turns one row into (row key, cells).
Renderer = Callable[[dict[str, Any]], tuple[str, tuple[Any, ...]]]


class PagedTable(TextTable):
    """Rows fetched a page at a time in a thread worker; more as the cursor nears the end.

    Set :attr:`loader` and :attr:`renderer`, then call :meth:`reload` (also
    after any change: it refetches as many rows as are shown and keeps the
    cursor on the same row).
    """

    PAGE = 150
    app = getters.app(RentrackApp)

    class Loaded(Message):
        """A page arrived (posted by the worker, handled on the event loop)."""

        def __init__(self, generation: int, rows: list[dict[str, Any]], replace: bool, limit: int) -> None:
            super().__init__()
            self.generation = generation
            self.rows = rows
            self.replace = replace
            self.limit = limit

    class Filled(Message):
        """Rows arrived and are in the table (the cursor where it belongs)."""

    class Opened(Message):
        """Enter on a row: ``key`` is its row key, ``row`` its data."""

        def __init__(self, key: str, row: dict[str, Any]) -> None:
            super().__init__()
            self.key = key
            self.row = row

    def __init__(
        self, columns: list[tuple[str, str, int | None]], *, cursor_type: CursorType = "row", **kwargs: Any
    ) -> None:
        super().__init__(cursor_type=cursor_type, **kwargs)
        self._column_spec = columns
        self.loader: Loader | None = None
        self.renderer: Renderer | None = None
        self._generation = 0
        #: The fetched row of each row key (not ``_data``: DataTable keeps its cells under that name).
        self._records: dict[str, dict[str, Any]] = {}
        self._last_key: Any = None
        self._exhausted = True
        self._loading = False
        self.loaded_once = False

    def on_mount(self) -> None:
        for label, key, width in self._column_spec:
            self.add_column(label, key=key, width=width)
        self.fit_fill()

    def reload(self) -> None:
        """Fetch again from the first row (as many rows as are shown now)."""
        if self.loader is None:
            return
        self._generation += 1
        self._loading = True
        self._fetch(self._generation, None, max(self.PAGE, self.row_count), True)

    def _more(self) -> None:
        if self._loading or self._exhausted or self.loader is None:
            return
        self._loading = True
        self._fetch(self._generation, self._last_key, self.PAGE, False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="page")
    def _fetch(self, generation: int, after: Any, limit: int, replace: bool) -> None:
        from screens.store import reading

        loader = self.loader
        assert loader is not None
        with reading(self.app.db_path) as conn:
            rows = loader(conn, after, limit)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(generation, rows, replace, limit))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        renderer = self.renderer
        assert renderer is not None
        current = self.current_key() if message.replace else None
        row_index = self.cursor_row
        if message.replace:
            self.clear()
            self._records.clear()
        for row in message.rows:
            key, cells = renderer(row)
            if key in self._records:
                continue
            self._records[key] = row
            self.add_row(*cells, key=key)
        if message.rows:
            self._last_key = message.rows[-1]["_key"]
        self._exhausted = len(message.rows) < message.limit
        self._loading = False
        if message.replace and self.row_count:
            target = min(row_index, self.row_count - 1)
            if current is not None and current in self._records:
                target = self.get_row_index(current)
            self.move_cursor(row=target, animate=False)
        self.loaded_once = True
        self.post_message(self.Filled())

    def record(self, key: str) -> dict[str, Any] | None:
        """The fetched row of row key *key*."""
        return self._records.get(key)

    def label_column(self, key: str, label: Text) -> None:
        """Give the column *key* a new heading."""
        column = self.columns.get(ColumnKey(key))
        if column is not None:
            column.label = label
            self.refresh()

    def current_key(self) -> str | None:
        """Row key under the cursor."""
        return key_under_cursor(self)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if new.row >= self.row_count - 20:
            self._more()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None and key in self._records:
            self.post_message(self.Opened(key, self._records[key]))
