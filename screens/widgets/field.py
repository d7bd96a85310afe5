"""A labelled form field: the label, the input widget, and the error beside it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static


class Field(Horizontal):
    """One row of a form: ``label  [input]  error or hint``.

    The field's *name* is the record column it fills, its *label* the words shown
    (already in the language spoken: the form translates it); the form shows a
    :class:`tracker.records.FieldError` for that column in :attr:`error`.
    """

    DEFAULT_CSS = """
    Field { height: auto; margin: 0 0 1 0; }
    Field > Label.field-label { width: 14; padding: 0 1 0 0; text-align: right; color: $text-muted; }
    Field:focus-within > Label.field-label { color: $accent; text-style: bold; }
    Field > Vertical.field-body { width: 1fr; height: auto; }
    Field Input, Field Input.-textual-compact { padding: 0 1; background: $boost; }
    Field Input:focus { background: $primary 30%; }
    Field Static.field-note { height: auto; color: $text-muted; padding: 0 1; }
    Field Static.field-note { display: none; }
    Field.-noted Static.field-note { display: block; }
    Field Static.field-error { height: auto; color: $text-error; padding: 0 1; display: none; }
    Field.-invalid Static.field-error { display: block; }
    Field.-invalid Static.field-note { display: none; }
    Field.-invalid.-choices Static.field-note { display: block; }
    Field.-invalid Input { background: $error 25%; }
    """

    def __init__(self, name: str, label: str, widget: Widget, *, note: str = "", **kwargs: Any) -> None:
        from screens.widgets.choice_input import ChoiceInput

        choices = isinstance(widget, ChoiceInput)
        super().__init__(id=f"field-{name}", classes="field -choices" if choices else "field", **kwargs)
        self.field_name = name
        self.label = label
        self.widget = widget
        # A field of a few choices shows them, and keeps them in view beside an error.
        self.note_text = note or (" · ".join(widget.words) if isinstance(widget, ChoiceInput) else "")

    def on_mount(self) -> None:
        self.set_class(bool(self.note_text), "-noted")
        for box in self.query(Input):
            box.compact = True

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        with Vertical(classes="field-body"):
            yield self.widget
            yield Static(self.note_text, classes="field-note", markup=False)
            yield Static("", classes="field-error", markup=False)

    def set_error(self, message: str | None) -> None:
        """Show *message* beside the field (None clears it)."""
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-error", Static).update(f"✗ {message}" if message else "")

    def set_note(self, text: str) -> None:
        """Replace the grey hint under the input."""
        self.set_class(bool(text), "-noted")
        self.query_one(".field-note", Static).update(text)

    @property
    def value(self) -> str:
        """The text typed (for a picker: the text of its input)."""
        widget = self.widget
        resolved = getattr(widget, "resolved_value", None)
        if resolved is not None:
            return str(resolved)
        if isinstance(widget, Input):
            return widget.value
        return str(getattr(widget, "value", ""))
