"""One tier of the board: its customers, most valuable first, shown a page at a time."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from screens.format import ARROW_CLASSES, BAND_CLASSES, arrow, band_style, emotion, money, named
from screens.widgets.cursor import key_under_cursor
from screens.widgets.text_table import TextTable, heading_width
from tracker.i18n import N_, _
from tracker.rules.lifecycle import follow_up_due, follow_up_in
from tracker.words import shown

if TYPE_CHECKING:
    from textual.coordinate import Coordinate

    from tracker.rules.customer_facts import CustomerRow


class TierTable(TextTable):
    """The customers of one tier. Rows are added a page at a time as the cursor goes down.

    DataTable measures every cell it holds, so a tier of thousands of customers
    is never put in at once: the first :attr:`PAGE` rows, then more as the
    cursor nears the end.
    """

    PAGE = 100
    #: Named styles (app.tcss colours them): alert counts, overdue follow-ups, arrows, bands.
    COMPONENT_CLASSES = {"alert--mark", "follow-up--overdue"} | ARROW_CLASSES | BAND_CLASSES

    class Opened(Message):
        """The owner chose a customer (Enter or click)."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def __init__(self, tier: str, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, show_cursor=False, **kwargs)
        self.tier = tier
        self._as_of = date.today()
        self._rows: list[CustomerRow] = []
        self._shown = 0
        self._filling = False

    #: (label, key, width) of every column but the name, which takes the rest of the width.
    #: The labels are translated where shown (a column is never narrower than its heading).
    COLUMNS = (
        ("", "change", 1),
        (N_("Value"), "value", 9),
        (N_("Pot"), "potential", 3),
        (N_("Emo"), "emotion", 5),
        (N_("Stage"), "stage", 10),
        (N_("Next"), "follow", 6),
        ("", "marks", 5),
    )
    MIN_NAME = 16

    def on_mount(self) -> None:
        self._name_width = 24
        self.add_column(_(self.COLUMNS[0][0]), key=self.COLUMNS[0][1], width=self.COLUMNS[0][2])
        self.add_column(_("Customer"), key="name", width=self._name_width)
        for label, key, width in self.COLUMNS[1:]:
            self.add_column(_(label), key=key, width=width)

    def on_focus(self) -> None:
        self.show_cursor = True

    def on_blur(self) -> None:
        # Only the tier being browsed shows its cursor; the others show their rows as they are.
        self.show_cursor = False

    def on_resize(self) -> None:
        self._fit_name()

    def _fit_name(self) -> None:
        """Give the name column whatever width the other columns leave."""
        widths = [max(width, heading_width(_(label))) for label, _key, width in self.COLUMNS]
        fixed = sum(widths) + 2 * self.cell_padding * (len(self.COLUMNS) + 1)
        width = max(self.MIN_NAME, self.scrollable_content_region.width - fixed)
        if width == self._name_width or self.scrollable_content_region.width == 0:
            return
        self._name_width = width
        self.columns[ColumnKey("name")].width = width
        self.show_rows(self._rows)  # re-truncates the names and re-measures the table

    def show_rows(self, rows: list[CustomerRow], as_of: date | None = None) -> None:
        """Replace the tier's customers (as of *as_of*: how far each follow-up is), keeping the cursor
        on the same customer if it is still here."""
        current = self.current_code()
        self._rows = rows
        self._as_of = as_of or self._as_of
        self._filling = True
        try:
            self.clear()
        finally:
            self._filling = False
        self._shown = 0
        target = 0
        if current is not None:
            for index, row in enumerate(rows):
                if row.code == current:
                    target = index
                    break
        self._add_until(max(self.PAGE, target + 1))
        if rows:
            self.move_cursor(row=target, animate=False, scroll=True)
        self.border_title = f"{shown(self.tier).upper()} · {len(rows):,}"

    def _add_until(self, count: int) -> None:
        end = min(len(self._rows), count)
        if self._filling or end <= self._shown:
            return
        start, self._shown = self._shown, end
        self._filling = True
        try:
            for row in self._rows[start:end]:
                self.add_row(*self._cells(row, self._name_width), key=row.code)
        finally:
            self._filling = False

    def _cells(self, row: CustomerRow, name_width: int) -> tuple[Any, ...]:
        overdue = named(self, "follow-up--overdue")
        follow = row.next_follow_up
        marks = Text()
        if follow and follow_up_due(follow, self._as_of):
            marks.append("⏰", style=overdue)
        if row.alerts:
            marks.append(f"!{len(row.alerts)}", style=named(self, "alert--mark"))
        follow_text = Text(
            follow_up_in(follow, self._as_of) if follow else "",
            style=overdue if row.follow_up_overdue else "", justify="right",
        )
        pot = Text(str(row.potential), justify="right")
        if not row.potential_rated:
            pot.stylize("dim")
        name = Text(row.name)
        name.truncate(name_width, overflow="ellipsis")
        return (
            arrow(self, row.tier_change),
            name,
            Text(money(row.current_value), justify="right"),
            pot,
            emotion(row.emotion, band_style(self, row.band)),
            shown(row.stage),
            follow_text,
            marks,
        )

    def current_code(self) -> str | None:
        """Code of the customer under the cursor."""
        return key_under_cursor(self)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if not self._filling and new.row >= self._shown - 10 and self._shown < len(self._rows):
            self._add_until(self._shown + self.PAGE)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(event.row_key.value))
