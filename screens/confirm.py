"""A yes-or-no question before a change that is hard to take back."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.actions import CONFIRM, bindings, key_for
from tracker.i18n import _


class ConfirmScreen(ModalScreen[bool]):
    """Ask *question* (with what the owner should know first); dismissed with True for yes."""

    BINDINGS = bindings(CONFIRM)

    def __init__(self, title: str, question: Text | str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm") as box:
            box.border_title = Text(self.title_text)  # never read as markup
            yield Static(self.question, id="confirm-question", markup=False)
            yield Static(
                _("{yes} yes · {no} or Esc no").format(yes=key_for(CONFIRM, "answer(True)"), no=key_for(CONFIRM, "answer(False)")),
                id="confirm-hint", markup=False,
            )

    def action_answer(self, yes: bool) -> None:
        """Close with the owner's answer."""
        self.dismiss(yes)
