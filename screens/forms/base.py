"""The shape every quick form shares: fields, Enter saves, Escape cancels, errors beside fields."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from screens.actions import FORM, PICKER, bindings, key_for
from screens.app import RentrackApp
from screens.widgets.field import Field
from screens.widgets.picker import Picker
from tracker.i18n import N_, _

#: The weekday a date hint names (``→ 2024-05-06 Mon``), Monday first.
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def hint() -> str:
    """What the form's last line says while nothing is being saved (in the language spoken now)."""
    return _("Enter save · {cancel} cancel · Tab/{next} next field").format(
        cancel=key_for(FORM, "cancel"), next=key_for(PICKER, "move(1)")
    )


def date_word(english: str = N_("today")) -> str:
    """*english* (``today``) as a date field first shows it: the word of the language spoken now,
    if the date reader takes it for the same day (else the English word, which it always takes)."""
    from tracker.parse import parse_date

    word = _(english)
    if word == english:
        return english
    day = date(2000, 1, 1)
    try:
        same = parse_date(word, today=day, relative=True) == parse_date(english, today=day, relative=True)
    except ValueError:
        same = False
    return word if same else english


class FormScreen(ModalScreen[Any]):
    """A modal form over one service call.

    Subclasses yield :class:`Field` rows from :meth:`fields`, and implement
    :meth:`perform` (runs in a thread worker with a writing connection). On a
    :class:`tracker.records.ValidationError` each message goes beside its field
    and everything typed stays; a locked database is waited for, then retried.
    """

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    """
    app = getters.app(RentrackApp)

    BINDINGS = bindings(FORM)

    #: Title shown at the top of the form: declared in English (``N_``), translated where shown
    #: (a heading set on an instance, with its record's key, is made in the language spoken).
    heading = N_("Form")
    #: Fields holding dates (relative words allowed) and money: a hint shows what was read.
    DATE_FIELDS: tuple[str, ...] = ()
    MONEY_FIELDS: tuple[str, ...] = ()
    #: Fields that must be sent even when blank (so "is required" shows beside them).
    REQUIRED: tuple[str, ...] = ()
    #: Escape asks before closing when something was typed (what would be lost is named).
    ASK_BEFORE_DISCARD = True

    class _Saved(Message):
        def __init__(self, result: Any, text: str) -> None:
            super().__init__()
            self.result = result
            self.text = text

    class _Failed(Message):
        def __init__(self, errors: list[Any], general: str | None) -> None:
            super().__init__()
            self.errors = errors
            self.general = general

    class _Loaded(Message):
        def __init__(self, values: dict[str, Any]) -> None:
            super().__init__()
            self.values = values

    def __init__(self) -> None:
        super().__init__()
        self.saving = False
        self._wait_timer: Timer | None = None
        #: The text of each field as the form opened (or as loaded): Escape asks only if it changed.
        self._as_opened: dict[str, str] = {}

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="form"):
            yield Static(self.heading_text, id="form-title", markup=False)
            with VerticalScroll(id="form-fields"):
                yield from self.fields()
            yield Static("", id="form-error", markup=False)
            yield Static(hint(), id="form-hint")

    @property
    def heading_text(self) -> str:
        """The heading in the language spoken now."""
        return _(self.heading)

    def fields(self) -> Iterable[Widget]:
        """The form's :class:`Field` rows."""
        return ()

    def field(self, name: str) -> Field:
        """The field filling column *name*."""
        return self.query_one(f"#field-{name}", Field)

    def has_field(self, name: str) -> bool:
        """Whether the form has a field for column *name*."""
        return bool(self.query(f"#field-{name}"))

    def on_mount(self) -> None:
        self._as_opened = self.texts()
        self.load_later()
        for f in self.query(Field):
            if f.field_name in self.DATE_FIELDS + self.MONEY_FIELDS:
                self._explain(f)

    @property
    def today(self) -> date:
        return self.app.as_of

    # --- optional loading of existing values ---------------------------------------

    def load(self, conn: Any) -> dict[str, Any] | None:
        """Values to put in the fields once the form is shown (worker thread); None: nothing."""
        return None

    def load_later(self) -> None:
        if type(self).load is not FormScreen.load:
            self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-load")
    def _load(self) -> None:
        from screens.store import reading

        with reading(self.app.db_path) as conn:
            values = self.load(conn)
        if values is not None and not get_current_worker().is_cancelled:
            self.post_message(self._Loaded(values))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        self.loaded(message.values)

    def loaded(self, values: dict[str, Any]) -> None:
        """Put loaded values in fields still empty (what the owner typed is never overwritten).

        A choice (a status, a cause) is stored canonical and shown in the owner's words.
        """
        from screens.widgets.choice_input import ChoiceInput

        for name, value in values.items():
            try:
                f = self.field(name)
            except Exception:
                continue
            widget = f.widget
            text = "" if value is None else str(value)
            if isinstance(widget, Picker):
                if not widget.input.value:
                    widget.set_value(text)
            elif isinstance(widget, ChoiceInput) and not widget.value:
                widget.show_value(text)
            elif isinstance(widget, Input) and not widget.value:
                widget.value = text
            else:
                continue
            self._as_opened[name] = text

    @on(Picker.Picked)
    def _note_pick(self, event: Picker.Picked) -> None:
        # After the form's own handlers of this pick (a unit's rate) a save typed ahead may go.
        self.call_later(event.picker.settled)
        for f in event.picker.ancestors:
            if isinstance(f, Field):
                f.set_note(event.picker.describe(event.row) if len(event.row) > 1 else "")
                if f.has_class("-invalid"):
                    f.set_error(None)
                break

    # --- a row pasted from a spreadsheet -------------------------------------------

    def paste_cells(self, text: str) -> bool:
        """Fill the focused field and those after it with the tab-separated cells of *text*.

        A row copied from a spreadsheet arrives as one paste; each cell goes to its own
        field, in the order the form shows them. False: no field has focus (the paste is not ours).
        """
        fields = [f for f in self.query(Field) if not f.widget.disabled]
        focused = self.focused
        start = next((i for i, f in enumerate(fields) if focused is not None and focused in f.walk_children()), None)
        if start is None:
            return False
        cells = text.splitlines()[0].split("\t") if text.strip() else []
        for f, cell in zip(fields[start:], cells, strict=False):
            box = f.widget.input if isinstance(f.widget, Picker) else f.widget
            if isinstance(box, Input):
                box.value = cell.strip()
                box.cursor_position = len(box.value)
        last = fields[min(start + len(cells), len(fields) - 1)]
        (last.widget.input if isinstance(last.widget, Picker) else last.widget).focus()
        return True

    # --- hints for dates and money ---------------------------------------------------

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        for f in event.input.ancestors:
            if isinstance(f, Field):
                if f.field_name in self.DATE_FIELDS + self.MONEY_FIELDS:
                    self._explain(f)
                if f.has_class("-invalid"):
                    f.set_error(None)
                self.field_changed(f.field_name)
                break

    def field_changed(self, name: str) -> None:
        """Hook: the text of field *name* changed."""

    def parsed_date(self, name: str) -> date | None:
        """The date field *name* as read now, or None if it does not read."""
        from tracker.parse import parse_date

        try:
            return parse_date(self.field(name).value, today=self.today, relative=True)
        except ValueError:
            return None

    def _explain(self, f: Field) -> None:
        from tracker.parse import parse_date, parse_money

        text = f.value.strip()
        if not text:
            f.set_note(_("today, yesterday, +3, -2 or a date") if f.field_name in self.DATE_FIELDS else "")
            return
        try:
            if f.field_name in self.DATE_FIELDS:
                d = parse_date(text, today=self.today, relative=True)
                f.set_note(f"→ {d.isoformat()} {_(WEEKDAYS[d.weekday()])}")
            else:
                cents = parse_money(text)
                whole, frac = divmod(cents, 100)
                f.set_note(f"→ {whole:,}.{frac:02d}")
        except ValueError as exc:
            f.set_note(str(exc))

    # --- saving ---------------------------------------------------------------------

    def collect(self) -> dict[str, str]:
        """The text of every field, blanks left out unless required."""
        raw: dict[str, str] = {}
        for f in self.query(Field):
            value = f.value
            if value.strip() or f.field_name in self.REQUIRED:
                raw[f.field_name] = value
        return raw

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        """Save (worker thread): return (result, what to tell the owner). May raise ValidationError."""
        raise NotImplementedError

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Validate and save in a worker; the form stays until the database says it is stored."""
        if self.saving:
            return
        if any(p.resolving for p in self.query(Picker)):
            # Enter was typed ahead of a picker's lookup: save once it has taken its match.
            self.set_timer(0.05, self.action_save)
            return
        for f in self.query(Field):
            f.set_error(None)
        self.query_one("#form-error", Static).update("")
        self.saving = True
        self.add_class("-saving")
        self.query_one("#form-hint", Static).update(_("Saving…"))
        self._wait_timer = self.set_timer(1.0, self._waiting)
        self._save(self.collect())

    def _waiting(self) -> None:
        if self.saving:
            self.query_one("#form-hint", Static).update(
                _(
                    "Waiting for the database: another program (an import?) is writing. "
                    "What you typed is kept and will be saved when it finishes."
                )
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save(self, raw: dict[str, str]) -> None:
        from screens.store import writing
        from tracker.records import ValidationError
        from tracker.services import is_locked

        try:
            with writing(self.app.db_path) as conn:
                result, text = self.perform(conn, raw)
        except ValidationError as exc:
            self.post_message(self._Failed(exc.errors, None))
            return
        except Exception as exc:
            if is_locked(exc):
                general = _(
                    "The database stayed locked by another program. Nothing is lost: "
                    "press Enter to try again when it has finished."
                )
            else:
                general = _("Could not save: {error}").format(error=exc)
            self.post_message(self._Failed([], general))
            return
        self.post_message(self._Saved(result, text))

    def _stop_saving(self) -> None:
        self.saving = False
        self.remove_class("-saving")
        if self._wait_timer is not None:
            self._wait_timer.stop()
        self.query_one("#form-hint", Static).update(hint())

    @on(_Saved)
    def _saved(self, message: _Saved) -> None:
        self._stop_saving()
        self.saved(message.result, message.text)

    def saved(self, result: Any, text: str) -> None:
        """The service stored *result*: refresh the board and close with it."""
        self.app.after_write(result, text)
        self.dismiss(result)

    @on(_Failed)
    def _failed(self, message: _Failed) -> None:
        self._stop_saving()
        general: list[str] = [message.general] if message.general else []
        by_field: dict[str, list[str]] = {}
        for error in message.errors:
            text = self.owners_words(error.message)
            if self.has_field(error.field):
                by_field.setdefault(error.field, []).append(text)
            else:
                general.append(_("{field}: {error}").format(field=self.label_of(error.field), error=text))
        first: Field | None = None
        for f in self.query(Field):  # in the order the form shows them
            if f.field_name in by_field:
                f.set_error("\n✗ ".join(by_field[f.field_name]))
                first = first or f
        self.query_one("#form-error", Static).update("\n".join(general))
        if first is not None:
            widget = first.widget
            (widget.input if hasattr(widget, "input") else widget).focus()

    def fill(self, name: str, text: str) -> None:
        """Put *text* in field *name* for the owner (a unit's rate once the unit is picked).

        What the form fills in by itself is not "typed": Escape does not ask about it.
        """
        from screens.widgets.choice_input import ChoiceInput

        f = self.field(name)
        box = f.widget.input if isinstance(f.widget, Picker) else f.widget
        if not isinstance(box, Input):
            return
        untouched = f.value == self._as_opened.get(name, "")
        if isinstance(box, ChoiceInput):
            box.show_value(text)
        else:
            box.value = text
        if untouched:
            self._as_opened[name] = f.value

    def texts(self) -> dict[str, str]:
        """The text of every field, by column."""
        return {f.field_name: f.value for f in self.query(Field)}

    def typed(self) -> list[str]:
        """The labels of the fields changed since the form opened."""
        now = self.texts()
        return [f.label for f in self.query(Field) if now[f.field_name] != self._as_opened.get(f.field_name, "")]

    def label_of(self, column: str) -> str:
        """What the form calls *column* (its field's label), else the column's label, in the language spoken."""
        if self.has_field(column):
            return self.field(column).label
        from tracker.records import ENTITIES

        words = column.replace("_", " ")
        entity = ENTITIES.get(getattr(self, "ENTITY", ""))
        label = entity.label(column) if entity is not None else words
        # The entity's label when the catalogue has it, else the column in words (as English has always shown it).
        return _(label) if _(label) != label else _(words)

    def owners_words(self, message: str) -> str:
        """*message* with the column names it mentions (``daily_rate``) as the form's labels."""
        import re

        return re.sub(r"\b[a-z]+(?:_[a-z]+)+\b", lambda m: self.label_of(m.group(0)).lower(), message)

    def action_cancel(self) -> None:
        from screens.confirm import ConfirmScreen

        if self.saving:
            self.notify(_("Still saving: it will be kept as soon as the database is free."))
            return
        changed = self.typed() if self.ASK_BEFORE_DISCARD else []
        if not changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        from rich.text import Text

        question = Text(_("Close {form} without saving?").format(form=self.heading_text.lower()) + "\n", style="bold")
        # TRANSLATORS: between the names of the fields in a list ("Name, Phone").
        fields = _(", ").join(changed)
        question.append(_("What you typed in {fields} would be lost.").format(fields=fields), style="")
        self.app.push_screen(ConfirmScreen(self.heading_text, question), answered)
