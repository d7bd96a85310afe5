"""Equipment: status and availability (on rent with whom until when, next booking)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Input, Static

from screens.actions import ANYWHERE, EQUIPMENT, FILTER, bindings, key_for
from screens.format import money, named
from screens.lists.base import ListScreen
from screens.widgets.footer import Footer
from screens.widgets.paged_table import PagedTable
from tracker.i18n import N_, _
from tracker.words import shown


class EquipmentListScreen(ListScreen):
    """Every unit with what it is doing today and when it is next booked."""

    LIST_TITLE = N_("Equipment")
    #: Named styles (app.tcss colours them): a return overdue, a unit free, one in maintenance.
    COMPONENT_CLASSES = {"rental--late", "unit--free", "unit--maintenance", "inspection--due", "inspection--overdue"}
    BINDINGS = bindings(FILTER + EQUIPMENT)
    #: A unit to put the cursor on once the list is filled (:meth:`show_unit`).
    _wanted: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder=_("{key} filter: code, name or category").format(key=key_for(FILTER, "focus_filter")),
            id="filter", compact=True,
        )
        yield Static("", id="list-status", classes="list-status")
        yield PagedTable(
            [
                (_("Code"), "code", 4), (_("Name"), "name", 24), (_("Rate/cost"), "rate", 11),
                (_("Status"), "status", 11), (_("Until"), "until", 10), (_("With"), "with", 16),
                (_("Next"), "next", 10), (_("Inspection"), "inspection", 10), (_("Use"), "use", 4),
            ],
            id="table",
        )
        yield Static("", id="unit-line", classes="list-status")
        yield Footer(compact=True)

    def set_loader(self) -> None:
        from tracker.views import UTILISATION_DAYS, equipment_page

        as_of, text = self.as_of, self.query_one("#filter", Input).value
        self.query_one(PagedTable).loader = lambda conn, after, limit: equipment_page(
            conn, as_of, text=text, after=after, limit=limit
        )
        self.query_one("#list-status", Static).update(" · ".join((
            _("as of {date}").format(date=as_of), _("{key} filter").format(key=key_for(FILTER, "focus_filter")),
            _("Enter/{key} edit").format(key=key_for(EQUIPMENT, "edit_unit")),
            _("{key} add").format(key=key_for(EQUIPMENT, "add_unit")),
            _("{key} upkeep").format(key=key_for(EQUIPMENT, "log_upkeep")),
            _("{key} log rental").format(key=key_for(ANYWHERE, "log_rental")), _("rate/cost a day"),
            _("use: days out of {days}").format(days=UTILISATION_DAYS),
        )))

    def row_cells(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        status = row["status"]
        until = holder = Text("")
        if status == "available":
            if row["current"]:
                _ref, end, rstatus, customer = row["current"].split("|", 3)
                late = rstatus == "on-rent" and end < self.as_of.isoformat()
                status_text = Text(_("on rent") if rstatus == "on-rent" else shown("booked"), style="bold")
                until = Text(end, style=named(self, "rental--late") if late else "")
                holder = Text(customer)
            else:
                status_text = Text(_("free"), style=named(self, "unit--free"))
        else:
            status_text = Text(shown(status), style=named(self, "unit--maintenance") if status == "maintenance" else "dim")
        nxt = ""
        if row["next_booking"]:
            _ref, start, customer = row["next_booking"].split("|", 2)
            nxt = f"{start} {customer}"
        return row["code"], (
            row["code"], row["name"], Text(f"{money(row['daily_rate'])}/{money(row['daily_cost'])}", justify="right"),
            status_text, until, holder, nxt,
            self._inspection(row["next_inspection"]),
            Text(f"{round(row['utilisation'] * 100)}%", justify="right"),
        )

    def _inspection(self, due: str | None) -> Text:
        """The next inspection's day: ``inspection--overdue`` once past, ``inspection--due`` within the warning."""
        from datetime import date, timedelta

        if not due:
            return Text("")
        if due < self.as_of.isoformat():
            return Text(due, style=named(self, "inspection--overdue"))
        warn = self.as_of + timedelta(days=self.app.settings.inspection_warn_days)
        return Text(due, style=named(self, "inspection--due") if date.fromisoformat(due) <= warn else "")

    def show_unit(self, code: str) -> None:
        """Filter the list to *code* and put the cursor on it."""
        self._wanted = code
        self.query_one("#filter", Input).value = code
        self.query_one(PagedTable).focus()

    @on(DataTable.RowHighlighted, "#table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The unit under the cursor, what it earned over the window the Use column covers."""
        from tracker.views import UTILISATION_DAYS

        row = self.query_one(PagedTable).record(event.row_key.value or "") if event.row_key else None
        f = row.get("figures") if row else None
        line = Text("")
        if row is not None and f is not None:
            said = _(
                "{code} over {days} days: out {out} days ({use}), {rentals} rentals,"
                " revenue {revenue}, costs {costs}, upkeep {upkeep}, profit {profit}"
            ).format(
                code="\0code\0", days=UTILISATION_DAYS, out=f.days_out, use=f"{f.utilisation:.0%}", rentals=f.rentals,
                revenue=money(f.revenue), costs=money(f.rental_cost), upkeep=money(f.upkeep_cost),
                profit="\0profit\0",
            )
            styled = {"code": (row["code"], "bold"), "profit": (money(f.profit), "bold red" if f.profit < 0 else "bold")}
            line = Text.assemble(*(styled.get(piece, piece) for piece in said.split("\0")))
        self.query_one("#unit-line", Static).update(line)

    @on(PagedTable.Filled)
    def _filled(self) -> None:
        table = self.query_one(PagedTable)
        wanted = self._wanted
        if wanted is not None and table.record(wanted) is not None:
            self._wanted = None
            table.move_cursor(row=table.get_row_index(wanted), animate=False)

    def selected_unit(self) -> str | None:
        """The unit under the cursor."""
        return self.query_one(PagedTable).current_key()

    @on(PagedTable.Opened)
    def _open(self, event: PagedTable.Opened) -> None:
        self.action_edit_unit()

    def action_add_unit(self) -> None:
        from screens.forms.equipment import EquipmentForm

        self.app.open_form(EquipmentForm())

    def action_edit_unit(self) -> None:
        from screens.forms.equipment import EquipmentForm

        code = self.selected_unit()
        if code:
            self.app.open_form(EquipmentForm(code))

    def action_log_upkeep(self) -> None:
        from screens.forms.upkeep import UpkeepForm

        self.app.open_form(UpkeepForm(self.selected_unit()))
