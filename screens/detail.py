"""The whole text of one line (a timeline or breakdown line) or of the customer's profile."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.actions import DETAIL, bindings, key_for
from tracker.i18n import _


class DetailScreen(ModalScreen[str | None]):
    """*body* under *title*, whole and wrapped; Esc or Enter closes it.

    With *rental* (one out or booked) ``m`` closes it asking to mark that rental returned;
    with *complaint* (an open one) ``v`` asks to resolve it; with *editable* ``e`` asks to edit the
    line's record: the result is the action to run.
    """

    BINDINGS = bindings(DETAIL)

    def __init__(
        self, title: str, body: Text, *, rental: str | None = None, complaint: str | None = None,
        editable: bool = False,
    ) -> None:
        super().__init__()
        self.editable = editable
        self.title_text = title
        self.body = body
        self.rental = rental
        self.complaint = complaint

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail") as box:
            box.border_title = Text(self.title_text)  # a name in it is never read as markup
            yield Static(self.body, id="detail-body")
            hints = []
            if self.rental:
                hints.append(_("{key} mark returned").format(key=key_for(DETAIL, "then('mark_returned')")))
            if self.complaint:
                hints.append(_("{key} resolve").format(key=key_for(DETAIL, "then('resolve_complaint')")))
            if self.editable:
                hints.append(_("{key} edit").format(key=key_for(DETAIL, "then('edit')")))
            hints.append(_("{key} close").format(key=key_for(DETAIL, "close")))
            yield Static(Text(" · ".join(hints)), id="detail-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``m`` only for a rental that can be returned, ``v`` only for an open complaint, ``e`` for a record."""
        if action == "then" and parameters:
            if parameters[0] == "edit":
                return self.editable
            return bool(self.rental if parameters[0] == "mark_returned" else self.complaint)
        return True

    def action_close(self) -> None:
        """Back to the screen below."""
        self.dismiss(None)

    def action_then(self, action: str) -> None:
        """Close, and have the screen below run the app's *action* on this line's record."""
        self.dismiss(action)
