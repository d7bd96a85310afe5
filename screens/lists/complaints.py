"""Complaints: the open queue by age and severity, counts by the ten causes, resolve."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from screens.actions import ANYWHERE, COMPLAINTS, bindings, key_for
from screens.format import money, named
from screens.lists.base import ListScreen
from screens.widgets.footer import Footer
from screens.widgets.paged_table import PagedTable
from screens.widgets.text_table import long_cell
from tracker.i18n import N_, _
from tracker.words import shown


class ComplaintListScreen(ListScreen):
    """Open complaints oldest first (then most severe); ``a`` shows all; Enter resolves."""

    LIST_TITLE = N_("Complaints")
    #: Named styles (app.tcss colours them): open too long, severe, open ones by cause.
    COMPONENT_CLASSES = {"complaint--overdue", "complaint--severe", "complaint--open"}
    BINDINGS = bindings(COMPLAINTS)

    class _Counts(Message):
        def __init__(self, counts: dict[str, tuple[int, int]]) -> None:
            super().__init__()
            self.counts = counts

    def __init__(self) -> None:
        super().__init__()
        self.view = "open"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="list-status", classes="list-status")
        with Vertical(id="complaints-body"):
            yield PagedTable(
                [
                    (_("Ref"), "ref", 6), (_("Age"), "age", 4), (_("Sev"), "severity", 3),
                    (_("Customer"), "customer", 18), (_("Category"), "category", 20), (_("Opened"), "opened", 10),
                    (_("Status"), "status", 8), (_("What happened"), "description", 30),
                ],
                id="table", fill="description",
            )
            yield Static("", id="categories")
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self._count()

    def set_loader(self) -> None:
        from tracker.views import complaints_page

        view = self.view
        self.query_one(PagedTable).loader = lambda conn, after, limit: complaints_page(
            conn, view, after=after, limit=limit
        )
        self.query_one("#list-status", Static).update(
            (_("Open complaints, oldest first, then most severe") if view == "open"
             else _("All complaints, newest first"))
            + " · " + _("Enter/{key} resolve").format(key=key_for(COMPLAINTS, "app.resolve_complaint"))
            + " · " + _("{key} open/all").format(key=key_for(COMPLAINTS, "toggle_all"))
            + " · " + _("{key} log complaint").format(key=key_for(ANYWHERE, "log_complaint"))
        )

    def row_cells(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        end = date.fromisoformat(row["resolved_on"]) if row["resolved_on"] else self.as_of
        age = (end - date.fromisoformat(row["opened_on"])).days
        sev = row["severity"]
        settings = self.app.settings
        severe = sev >= settings.severe_complaint_min
        # Open past the days that make it an alert (fewer for a severe one).
        old = row["status"] == "open" and (
            age > settings.complaint_alert_days or (severe and age > settings.severe_complaint_alert_days)
        )
        status = (
            shown(row["status"]) if row["status"] == "open"
            else f"✓ {money(row['compensation'])}" if row["compensation"] else "✓"
        )
        return row["ref"], (
            row["ref"],
            Text(str(age), justify="right", style=named(self, "complaint--overdue") if old else ""),
            Text(str(sev), justify="right", style=named(self, "complaint--severe") if severe else ""),
            row["customer_name"], shown(row["category"]), row["opened_on"], status, long_cell(row["description"]),
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def _count(self) -> None:
        from screens.store import reading
        from tracker.views import complaint_counts

        with reading(self.app.db_path) as conn:
            counts = complaint_counts(conn)
        if not get_current_worker().is_cancelled:
            self.post_message(self._Counts(counts))

    #: The causes are counted in columns side by side under the list: three, two on a narrow screen.
    CAUSE_COLUMNS = 3
    NARROW = 100

    @on(_Counts)
    def _counts(self, message: _Counts) -> None:
        columns = self.CAUSE_COLUMNS if self.size.width >= self.NARROW else 2
        grid = Table.grid(padding=(0, 1))
        for _column in range(columns):
            grid.add_column(min_width=20)
            grid.add_column(justify="right", min_width=4)
            grid.add_column(justify="right", min_width=4)
            grid.add_column(width=2)
        cells: list[tuple[Text, Text, Text]] = []
        total_open = total = 0
        for cat, (open_, all_) in message.counts.items():
            total_open += open_
            total += all_
            cells.append((
                Text(shown(cat)), Text(str(open_), style=named(self, "complaint--open") if open_ else "dim"),
                Text(str(all_), style="" if all_ else "dim"),
            ))
        cells.append((Text(_("total"), style="bold"), Text(str(total_open), style="bold"), Text(str(total), style="bold")))
        rows = -(-len(cells) // columns)
        heading: list[Text] = []
        for j in range(columns):
            words = (_("By cause") if j == 0 else "", _("open"), _("all"))
            heading += [Text(t, style="bold") for t in words] + [Text("")]
        grid.add_row(*heading)
        for i in range(rows):
            row: list[Text] = []
            for j in range(columns):
                k = j * rows + i
                row += [*(cells[k] if k < len(cells) else (Text(""),) * 3), Text("")]
            grid.add_row(*row)
        self.query_one("#categories", Static).update(grid)

    def action_toggle_all(self) -> None:
        self.view = "all" if self.view == "open" else "open"
        self.set_loader()
        self.query_one(PagedTable).reload()

    def selected_complaint(self) -> str | None:
        return self.query_one(PagedTable).current_key()

    def action_edit_complaint(self) -> None:
        """Edit the complaint under the cursor."""
        from screens.forms.complaint import ComplaintForm

        ref = self.selected_complaint()
        if ref:
            self.app.open_form(ComplaintForm(ref=ref))

    @on(PagedTable.Opened)
    def _open(self, event: PagedTable.Opened) -> None:
        if event.row["status"] == "open":
            self.app.action_resolve_complaint()
        else:
            self.app.open_customer(event.row["customer"])
