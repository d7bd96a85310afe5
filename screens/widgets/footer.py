"""The footer, in the language spoken now: the keys' labels are declared in English and looked up as shown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from tracker.i18n import _


class Footer(TextualFooter):
    """Textual's footer, each key's label and tooltip translated when the footer is composed."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
                if isinstance(widget.tooltip, str):
                    widget.tooltip = _(widget.tooltip)
            yield widget
