"""An input that matches as you type and offers what it found in a list below it."""

from __future__ import annotations

from typing import Any

from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from screens.actions import PICKER, bindings
from screens.app import RentrackApp
from screens.format import plain


class Picker(Vertical):
    """Type part of a name or code; up/down choose among matches, Enter picks.

    Subclasses give :meth:`search` (runs in a thread worker with its own
    connection) and :meth:`describe`. The picked key ends up as the input's
    text; until something is picked the typed text is the value.
    """

    DEFAULT_CSS = """
    Picker { height: auto; }
    Picker > OptionList { height: auto; max-height: 8; display: none; margin: 0 0 0 0; }
    Picker.-open > OptionList { display: block; }
    """
    app = getters.app(RentrackApp)

    BINDINGS = bindings(PICKER)

    class Picked(Message):
        """A match was chosen: ``key`` and the row it came from."""

        def __init__(self, picker: Picker, key: str, row: dict[str, Any]) -> None:
            super().__init__()
            self.picker = picker
            self.key = key
            self.row = row

        @property
        def control(self) -> Picker:
            return self.picker

    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = value
        self._placeholder = placeholder
        self._rows: dict[str, dict[str, Any]] = {}
        self._picked: str | None = value or None
        self._query = 0
        #: The last query whose matches have arrived (behind :attr:`_query` while a search runs).
        self._answered = 0
        #: Enter was pressed before the matches arrived: take the first when they do.
        self._take_first = False
        #: A match taken that way whose Picked the form has not handled yet.
        self._unsettled = False

    def compose(self) -> ComposeResult:
        yield Input(self._initial, placeholder=self._placeholder)
        options = OptionList()
        options.can_focus = False
        yield options

    #: Offer every match while nothing is typed (for short lists such as open complaints).
    LIST_WHEN_EMPTY = False
    #: The column of a found row that is the picked value (its ``key``): a record's ref or code.
    KEY_COLUMN = "ref"

    def on_mount(self) -> None:
        if self._initial:
            self._run(self._initial, open_list=False)
        elif self.LIST_WHEN_EMPTY:
            self._run("", open_list=True)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        """The picked key, or the text as typed."""
        return self.input.value

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        """Rows matching *text* (in a worker thread); each row's :attr:`KEY_COLUMN` is its key."""
        raise NotImplementedError

    def describe(self, row: dict[str, Any]) -> str:
        """One line for a match in the list (shown as it reads: never as markup)."""
        return str(row["key"])

    def set_value(self, value: str) -> None:
        """Fill in *value* as if it had been picked (its description follows once looked up)."""
        self._picked = value or None
        self.input.value = value
        self.input.cursor_position = len(value)
        self._run(value, open_list=False)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.value == self._picked:
            return
        self._picked = None
        self._run(event.value, open_list=True)

    def _run(self, text: str, open_list: bool) -> None:
        self._query += 1
        self._take_first = False
        if not text.strip() and not self.LIST_WHEN_EMPTY:
            self._answered = self._query
            self.remove_class("-open")
            return
        self._search(self._query, text, open_list)

    @work(thread=True, exclusive=True, exit_on_error=False, group="picker")
    def _search(self, query: int, text: str, open_list: bool) -> None:
        from screens.store import reading

        with reading(self.app.db_path) as conn:
            rows = self.search(conn, text)
        for row in rows:
            row["key"] = row[self.KEY_COLUMN]
        if not get_current_worker().is_cancelled:
            self.post_message(self._Found(query, rows, open_list))

    class _Found(Message):
        def __init__(self, query: int, rows: list[dict[str, Any]], open_list: bool) -> None:
            super().__init__()
            self.query = query
            self.rows = rows
            self.open_list = open_list

    @on(_Found)
    def _found(self, message: _Found) -> None:
        message.stop()
        if message.query != self._query:
            return
        self._answered = message.query
        if self._take_first:
            # Enter came first and focus has moved on: take the best match, leave focus where it is.
            self._take_first = False
            self._rows = {row["key"]: row for row in message.rows}
            if message.rows:
                self._unsettled = True
                self._pick(message.rows[0]["key"])
            return
        options = self.query_one(OptionList)
        options.clear_options()
        self._rows = {row["key"]: row for row in message.rows}
        options.add_options([Option(plain(self.describe(row)), id=row["key"]) for row in message.rows])
        if message.rows:
            options.highlighted = 0
        self.set_class(bool(message.rows) and message.open_list, "-open")
        if self._picked is not None and self._picked in self._rows:
            # The value was given (or picked): say what it stands for.
            self.post_message(self.Picked(self, self._picked, self._rows[self._picked]))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.has_class("-open") or not options.option_count:
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(options.option_count - 1, current + step))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With the list closed, Escape belongs to the form (cancel).
        if action == "close":
            return self.has_class("-open")
        return True

    def action_close(self) -> None:
        self.remove_class("-open")

    @on(events.DescendantBlur)
    def _left(self) -> None:
        """Leaving the field: a single match shown is taken; the list closes."""
        if self.has_class("-open") and self._picked is None and len(self._rows) == 1 and self.input.value.strip():
            self._pick(next(iter(self._rows)))
        self.remove_class("-open")

    @property
    def searching(self) -> bool:
        """Whether the matches for the text as typed are still being looked up."""
        return self._answered != self._query

    @property
    def resolving(self) -> bool:
        """Whether Enter was typed ahead of the lookup and the first match is still to be taken
        (or taken, and not yet seen by the form: a unit's rate is filled in then)."""
        return self._take_first or self._unsettled

    def settled(self) -> None:
        """The form has handled what was picked."""
        self._unsettled = False

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if self.searching and self._picked is None and self.input.value.strip():
            # Typed ahead of the lookup: what comes next belongs to the next field, so go there now
            # and take the first match when it arrives.
            event.stop()
            self._take_first = True
            self.screen.focus_next()
            return
        if self.has_class("-open") and options.highlighted is not None:
            event.stop()
            option = options.get_option_at_index(options.highlighted)
            self._pick(option.id or "")
            self.screen.focus_next()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id or "")
        self.input.focus()

    def _pick(self, key: str) -> None:
        self._picked = key
        self.input.value = key
        self.input.cursor_position = len(key)
        self.remove_class("-open")
        self.post_message(self.Picked(self, key, self._rows.get(key, {"key": key})))
