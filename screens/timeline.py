"""The availability timeline: units down, days across (six weeks), paged from SQLite.

Each cell is what the unit does that day: out on a rental, booked, in
maintenance, or free. The line under the table says who holds the cell under
the cursor; Enter on a free day from today on starts a rental of that unit on
that day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from screens.actions import TIMELINE, bindings, key_for
from screens.format import named, weekday
from screens.lists.base import ListScreen
from screens.widgets.footer import Footer
from screens.widgets.paged_table import PagedTable
from tracker.i18n import N_, _
from tracker.rules.availability import Day
from tracker.words import shown

#: Days the timeline shows at once.
DAYS = 42
#: How each state is drawn (two characters a day) and the named style colouring it.
MARKS = {
    "free": ("··", "timeline--free"),
    "out": ("██", "timeline--out"),
    "booked": ("▒▒", "timeline--booked"),
    "maintenance": ("░░", "timeline--maintenance"),
}


class TimelineScreen(ListScreen):
    """Which unit is free when: every unit not retired, day by day from this week on.

    A unit's days are drawn as one cell (a table of one cell a day would be
    hundreds of cells a screen to lay out); ← → move the day cursor along
    the row, ↑ ↓ between units.
    """

    CSS_PATH = "lists.tcss"
    LIST_TITLE = N_("Timeline")
    COMPONENT_CLASSES = {"timeline--free", "timeline--out", "timeline--booked", "timeline--maintenance",
                         "timeline--cursor"}
    BINDINGS = bindings(TIMELINE)

    def __init__(self) -> None:
        super().__init__()
        self.first: date | None = None
        #: The day under the cursor, counted from :attr:`first`.
        self.day = 0
        self._marks: dict[str, Text] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="list-status", classes="list-status")
        yield PagedTable([(_("Unit"), "unit", 18), ("", "days", 2 * DAYS)], id="table", header_height=2)
        yield Static("", id="timeline-cell", classes="list-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # A page is what fills the screen and a little more.
        self.query_one(PagedTable).PAGE = 60
        super().on_mount()

    def _days(self) -> list[date]:
        if self.first is None:
            self.first = self.as_of - timedelta(days=self.as_of.weekday())  # from this week's Monday
            self.day = (self.as_of - self.first).days
        return [self.first + timedelta(days=i) for i in range(DAYS)]

    def set_loader(self) -> None:
        from tracker.views import timeline_page

        days = self._days()
        first, as_of = days[0], self.as_of
        heading = Text()
        for d in days:  # over each day: Mo on Mondays, ▼▼ today
            heading.append("▼▼" if d == as_of else _("Mo") if not d.weekday() else "\u00a0\u00a0")
        heading.append("\n" + "".join(d.strftime("%d") for d in days))
        table = self.query_one(PagedTable)
        table.label_column("days", heading)
        table.loader = lambda conn, after, limit: timeline_page(conn, first, DAYS, as_of, after=after, limit=limit)
        self.query_one("#list-status", Static).update(
            _("{first} to {last} · ██ out ▒▒ booked ░░ maintenance ·· free · {back} {ahead} weeks · "
              "{today} today · Enter on a free day: log a rental").format(
                first=first, last=days[-1], back=key_for(TIMELINE, "shift(-7)"), ahead=key_for(TIMELINE, "shift(7)"),
                today=key_for(TIMELINE, "back_to_today"))
        )

    def _draw(self, row: dict[str, Any], cursor: bool) -> Text:
        """A unit's days as one cell, the day under the cursor marked when *cursor*."""
        if self._marks is None:  # one styled mark a state, shared by every row
            self._marks = {state: Text(mark, style=named(self, style)) for state, (mark, style) in MARKS.items()}
        marks = self._marks
        text = Text(no_wrap=True, end="")
        for i, day in enumerate(row["days"]):
            mark = marks.get(day.state, marks["maintenance"])
            if cursor and i == self.day:
                text.append(mark.plain, style=named(self, "timeline--cursor"))
            else:
                text.append_text(mark)
        return text

    def row_cells(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        return row["code"], (Text(f"{row['code']} {row['name']}", no_wrap=True, overflow="ellipsis"),
                             self._draw(row, False))

    @on(PagedTable.Filled)
    def _filled(self) -> None:
        self._shown_key = self.query_one(PagedTable).current_key()
        self._redraw(self._shown_key)
        self._describe()

    def _at_cursor(self) -> tuple[dict[str, Any], date, Day] | None:
        table = self.query_one(PagedTable)
        key = table.current_key()
        row = table.record(key) if key is not None else None
        if row is None:
            return None
        return row, self._days()[self.day], row["days"][self.day]

    def _redraw(self, key: str | None) -> None:
        table = self.query_one(PagedTable)
        row = table.record(key) if key is not None else None
        if row is not None:
            table.update_cell(key, "days", self._draw(row, key == table.current_key()))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._shown_key != event.row_key.value:
            self._redraw(self._shown_key)
            self._shown_key = event.row_key.value
            self._redraw(self._shown_key)
        self._describe()

    _shown_key: str | None = None

    def _describe(self) -> None:
        found = self._at_cursor()
        line = self.query_one("#timeline-cell", Static)
        if found is None:
            line.update("")
            return
        row, day, state = found
        text = Text(f"{row['code']} {row['name']} · {day} {weekday(day)} · ")
        if state.span is not None:
            s = state.span
            held = (_("booked by {name} on {ref}, {start} to {end}") if state.state == "booked"
                    else _("out with {name} on {ref}, {start} to {end}"))
            back = " " + _("(not back yet)") if s.status == "on-rent" and s.end < self.as_of else ""
            text.append(held.format(name=s.name, ref=s.ref, start=s.start, end=s.end) + back)
        elif state.state == "free":
            text.append(_("free: Enter logs a rental from this day") if day >= self.as_of else _("free"))
        else:
            text.append(shown(state.state))
        line.update(text)

    def action_move_day(self, by: int) -> None:
        """Move the day cursor *by* days along the row (to the next weeks at the edge)."""
        day = self.day + by
        if not 0 <= day < DAYS:
            self.action_shift(7 if by > 0 else -7)
            day -= 7 if by > 0 else -7
        self.day = day
        self._redraw(self.query_one(PagedTable).current_key())
        self._describe()

    @on(PagedTable.Opened)
    def _opened(self, event: PagedTable.Opened) -> None:
        found = self._at_cursor()
        if found is None:
            return
        row, day, state = found
        if state.state == "free" and day >= self.as_of:
            from screens.forms.rental import RentalForm

            self.app.open_form(RentalForm(unit=row["code"], start=day.isoformat()))
        elif state.span is not None:
            self.app.open_customer(state.span.customer)

    def action_shift(self, days: int) -> None:
        """Show the weeks *days* later (earlier when negative)."""
        self._days()
        assert self.first is not None
        self.first += timedelta(days=days)
        self.reload()

    def action_back_to_today(self) -> None:
        """Back to the weeks from this one, the cursor on today."""
        self.first = None
        self.reload()
