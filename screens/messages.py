"""Messages that workers post to the app: results of database work."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class BoardReady(Message):
    """A freshly computed board (``full`` when every customer was recomputed)."""

    def __init__(self, board: Any, full: bool) -> None:
        super().__init__()
        self.board = board
        self.full = full


class DataChanged(Message):
    """Some connection committed a change to the database file."""


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
