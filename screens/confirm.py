"""Ask before a change the owner may not mean: yes or no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.actions import CONFIRM, bindings, written


class ConfirmScreen(ModalScreen[bool]):
    """A question; dismissed with True for yes, False for no."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; height: auto; padding: 1 2; border: thick $warning; background: $surface;
    }
    ConfirmScreen #confirm-hint { color: $text-muted; margin: 1 0 0 0; }
    """
    BINDINGS = bindings(CONFIRM)

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="confirm-question", markup=False)
            hint = " · ".join(
                f"{' or '.join(written(k) for k in a.key.split(','))} {a.label.lower()}" for a in CONFIRM
            )
            yield Static(hint, id="confirm-hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
