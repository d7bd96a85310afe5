"""Equipment: status and availability (on rent with whom until when, next booking)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Input, Static

from screens.actions import ANYWHERE, FILTER, bindings, key_for
from screens.format import money, named
from screens.lists.base import ListScreen
from screens.widgets.paged_table import PagedTable


class EquipmentListScreen(ListScreen):
    """Every unit with what it is doing today and when it is next booked."""

    LIST_TITLE = "Equipment"
    #: Named styles (app.tcss colours them): a return overdue, a unit free, one in maintenance.
    COMPONENT_CLASSES = {"rental--late", "unit--free", "unit--maintenance"}
    BINDINGS = bindings(FILTER)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder=f"{key_for(FILTER, 'focus_filter')} filter: code, name or category", id="filter", compact=True
        )
        yield Static("", id="list-status", classes="list-status")
        yield PagedTable(
            [
                ("Code", "code", 5), ("Name", "name", 24), ("Kind", "category", 7), ("Rate/day", "rate", 8),
                ("Status", "status", 11), ("Until", "until", 10), ("With", "with", 16),
                ("Next booking", "next", 20),
            ],
            id="table",
        )
        yield Footer(compact=True)

    def set_loader(self) -> None:
        from tracker.views import equipment_page

        as_of, text = self.as_of, self.query_one("#filter", Input).value
        self.query_one(PagedTable).loader = lambda conn, after, limit: equipment_page(
            conn, as_of, text=text, after=after, limit=limit
        )
        self.query_one("#list-status", Static).update(
            f"as of {as_of} · {key_for(FILTER, 'focus_filter')} filter · {key_for(ANYWHERE, 'log_rental')} log rental"
        )

    def row_cells(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        status = row["status"]
        until = holder = Text("")
        if status == "available":
            if row["current"]:
                _ref, end, rstatus, customer = row["current"].split("|", 3)
                late = rstatus == "on-rent" and end < self.as_of.isoformat()
                status_text = Text("on rent" if rstatus == "on-rent" else "booked", style="bold")
                until = Text(end, style=named(self, "rental--late") if late else "")
                holder = Text(customer)
            else:
                status_text = Text("free", style=named(self, "unit--free"))
        else:
            status_text = Text(status, style=named(self, "unit--maintenance") if status == "maintenance" else "dim")
        nxt = ""
        if row["next_booking"]:
            _ref, start, customer = row["next_booking"].split("|", 2)
            nxt = f"{start} {customer}"
        return row["code"], (
            row["code"], row["name"], row["category"], Text(money(row["daily_rate"]), justify="right"),
            status_text, until, holder, nxt,
        )
