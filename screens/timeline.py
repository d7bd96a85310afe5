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
from textual.widgets import DataTable, Footer, Header, Static

from screens.actions import TIMELINE, bindings, key_for
from screens.format import named
from screens.lists.base import ListScreen
from screens.widgets.paged_table import PagedTable
from tracker.rules.availability import Day

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
    """Which unit is free when: every unit not retired, day by day from this week on."""

    CSS_PATH = "lists.tcss"
    LIST_TITLE = "Timeline"
    COMPONENT_CLASSES = {"timeline--free", "timeline--out", "timeline--booked", "timeline--maintenance"}
    BINDINGS = bindings(TIMELINE)

    def __init__(self) -> None:
        super().__init__()
        self.first: date | None = None
        self._marks: dict[str, Text] | None = None

    def on_mount(self) -> None:
        # A page is what fills the screen and a little more: a day's cells are many.
        self.query_one(PagedTable).PAGE = 60
        super().on_mount()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="list-status", classes="list-status")
        yield PagedTable([("Unit", "unit", 18)], id="table", cursor_type="cell", header_height=2, cell_padding=0)
        yield Static("", id="timeline-cell", classes="list-status")
        yield Footer(compact=True)

    def _days(self) -> list[date]:
        if self.first is None:
            self.first = self.as_of - timedelta(days=self.as_of.weekday())  # from this week's Monday
        return [self.first + timedelta(days=i) for i in range(DAYS)]

    def set_loader(self) -> None:
        from tracker.views import timeline_page

        days = self._days()
        first, as_of = days[0], self.as_of
        table = self.query_one(PagedTable)
        table.set_day_columns([("\u00a0\u00a0" if d.weekday() else "Mo") if d != as_of else "▼▼" for d in days],
                              [d.strftime("%d") for d in days])
        table.loader = lambda conn, after, limit: timeline_page(conn, first, DAYS, as_of, after=after, limit=limit)
        self.query_one("#list-status", Static).update(
            f"{first} to {days[-1]} · ██ out ▒▒ booked ░░ maintenance ·· free · "
            f"{key_for(TIMELINE, 'shift(-7)')} {key_for(TIMELINE, 'shift(7)')} weeks · "
            f"{key_for(TIMELINE, 'back_to_today')} today · Enter on a free day: log a rental"
        )

    def row_cells(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        if self._marks is None:  # one styled mark a state, shared by every cell
            self._marks = {state: Text(mark, style=named(self, style)) for state, (mark, style) in MARKS.items()}
        marks = self._marks
        cells: list[Any] = [Text(f"{row['code']} {row['name']}", no_wrap=True, overflow="ellipsis")]
        cells += [marks.get(day.state, marks["maintenance"]) for day in row["days"]]
        return row["code"], tuple(cells)

    def _at_cursor(self) -> tuple[dict[str, Any], date, Day] | None:
        table = self.query_one(PagedTable)
        key = table.current_key()
        column = table.cursor_column
        row = table.record(key) if key is not None else None
        if row is None or column < 1:
            return None
        return row, self._days()[column - 1], row["days"][column - 1]

    @on(DataTable.CellHighlighted)
    def _highlighted(self) -> None:
        found = self._at_cursor()
        line = self.query_one("#timeline-cell", Static)
        if found is None:
            line.update("")
            return
        row, day, state = found
        text = Text(f"{row['code']} {row['name']} · {day} {day:%a} · ")
        if state.span is not None:
            s = state.span
            verb = "booked by" if state.state == "booked" else "out with"
            back = " (not back yet)" if s.status == "on-rent" and s.end < self.as_of else ""
            text.append(f"{verb} {s.name} on {s.ref}, {s.start} to {s.end}{back}")
        elif state.state == "free":
            text.append("free" + (": Enter logs a rental from this day" if day >= self.as_of else ""))
        else:
            text.append(state.state)
        line.update(text)

    @on(DataTable.CellSelected)
    def _selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
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
        """Back to the weeks from this one."""
        self.first = None
        self.reload()
