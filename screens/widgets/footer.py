"""The footer, in the language spoken now: the keys' labels are declared in English and looked up as shown."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from tracker.i18n import _


class Footer(TextualFooter):
    """Textual's footer, each key's label and tooltip translated when the footer is composed.

    When the keys do not all fit, those that would run under the palette key
    (docked at the right) are left out rather than drawn half hidden behind it.
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
                if isinstance(widget.tooltip, str):
                    widget.tooltip = _(widget.tooltip)
            yield widget
        self.call_after_refresh(self._leave_out_covered)

    def on_resize(self, event: events.Resize) -> None:
        for key in self.query(FooterKey):
            key.display = True
        self.call_after_refresh(self._leave_out_covered)

    def _leave_out_covered(self) -> None:
        palette = [k for k in self.query(FooterKey) if k.has_class("-command-palette")]
        if not palette:
            return
        edge = palette[0].region.x
        for key in self.query(FooterKey):
            if key is not palette[0] and key.display and key.region.right > edge:
                key.display = False
