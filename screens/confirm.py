"""A yes/no question over the screen: ``y`` does it, ``n`` or Escape leaves things as they were."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.actions import CONFIRM, bindings, key_for


class ConfirmScreen(ModalScreen[bool]):
    """Ask *question* (with *detail* under it, e.g. what would be lost); dismissed with the answer."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; background: $background 60%; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $warning; background: $surface; padding: 0 1;
    }
    ConfirmScreen #confirm-question { text-style: bold; }
    ConfirmScreen #confirm-detail { color: $text-muted; }
    ConfirmScreen #confirm-keys { color: $text-muted; padding: 1 0 0 0; }
    """
    BINDINGS = bindings(CONFIRM)

    def __init__(self, question: str, detail: str = "", *, yes: str = "yes") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="confirm-question", markup=False)
            if self.detail:
                yield Static(self.detail, id="confirm-detail", markup=False)
            no = key_for(CONFIRM, "answer(False)")
            yield Static(f"{key_for(CONFIRM, 'answer(True)')} {self.yes} · {no} no", id="confirm-keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
