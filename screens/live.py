"""Screens that show database data and reload it when the app says the data changed."""

from __future__ import annotations

from datetime import date

from textual import getters
from textual.screen import Screen

from screens.app import RentrackApp


class LiveScreen(Screen[None]):
    """A screen filled from the database, reloaded once per change of ``app.generation``.

    The app calls :meth:`data_changed` on every screen after each committed
    change; a screen that is not showing reloads when it is shown again.
    Subclasses implement :meth:`reload` and call ``data_changed()`` once mounted.
    """

    app = getters.app(RentrackApp)

    def __init__(self) -> None:
        super().__init__()
        self._generation = -1

    @property
    def as_of(self) -> date:
        """The day the app computes everything for."""
        return self.app.as_of

    def on_screen_resume(self) -> None:
        self.data_changed()

    def data_changed(self) -> None:
        """Reload if the database changed since this screen was filled."""
        if self.is_mounted and self._generation != self.app.generation:
            self._generation = self.app.generation
            self.reload()

    def reload(self) -> None:
        """Fetch this screen's data again (from a worker)."""
        raise NotImplementedError
