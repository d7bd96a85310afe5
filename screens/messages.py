"""Messages that workers post to the app: results of database work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tracker.board import Board


class BoardReady(Message):
    """A board computed, read back or updated for one customer."""

    def __init__(self, board: Board) -> None:
        super().__init__()
        self.board = board


class DataChanged(Message):
    """The watcher read the database's change count (see :func:`tracker.views.change_count`)."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class Undone(Message):
    """The last change was undone (``summary`` says what), or could not be (``error``)."""

    def __init__(self, summary: str | None, error: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.error = error


class StoreOpened(Message):
    """The database is open and migrated; ``empty`` when it holds no records."""

    def __init__(self, empty: bool) -> None:
        super().__init__()
        self.empty = empty


class ImportLanded(Message):
    """Another program imported into the database: ``text`` says what ("Imported 1,204 rentals (from r.csv)")."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
