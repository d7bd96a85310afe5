"""Reports over time: profit a month (a sparkline and its table), the 80/20 curve, tier moves, complaints.

Everything is read in one worker (the same views as ``rentrack report``) and
drawn when it arrives; the screen reloads when the data changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Sparkline, Static
from textual.worker import get_current_worker

from screens.format import TIERS, money
from screens.live import LiveScreen
from screens.widgets.footer import Footer
from screens.widgets.text_table import TextTable
from tracker.records import COMPLAINTS
from tracker.rules.trends import Month, Pareto, first_of_months_back

CAUSES = COMPLAINTS.field("category").kind.choices

#: Months the profit line covers; days back for the tier moves.
MONTHS = 24
MOVES_DAYS = 90


@dataclass(frozen=True)
class Reports:
    """What the screen shows, read together."""

    months: list[Month]
    pareto: Pareto
    moves: dict[str, dict[str, int]]
    complaints: dict[str, dict[str, int]]


class ReportsScreen(LiveScreen):
    """How the business moves over months, for the owner to look at rather than read."""

    CSS_PATH = "reports.tcss"

    class _Loaded(Message):
        def __init__(self, reports: Reports) -> None:
            super().__init__()
            self.reports = reports

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reports"):
            yield Static("Reading…", id="profit-title", classes="report-title")
            yield Sparkline([], id="profit-line")
            yield Static("", id="profit-range", classes="muted")
            with Horizontal(id="report-tables"):
                yield TextTable(id="months", cursor_type="row", zebra_stripes=True)
                with Vertical(id="report-side"):
                    yield Static("", id="pareto-title", classes="report-title")
                    yield Sparkline([], id="pareto-line")
                    yield Static("", id="moves-title", classes="report-title")
                    yield TextTable(id="moves", show_cursor=False)
                    yield Static("Complaints by cause, a quarter", classes="report-title")
                    yield TextTable(id="complaints", show_cursor=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Reports"
        self.data_changed()

    def reload(self) -> None:
        self._read(self.as_of)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reports")
    def _read(self, as_of: date) -> None:
        from screens.store import reading
        from tracker.views import complaints_report, migration_report, monthly_report, pareto_report

        first = first_of_months_back(as_of, MONTHS)
        with reading(self.app.db_path) as conn:
            reports = Reports(
                monthly_report(conn, first, as_of),
                pareto_report(conn, as_of),
                migration_report(conn, as_of - timedelta(days=MOVES_DAYS), as_of),
                complaints_report(conn, as_of - timedelta(days=729), as_of),
            )
        if not get_current_worker().is_cancelled:
            self.post_message(self._Loaded(reports))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        r = message.reports
        self._show_months(r.months)
        self._show_pareto(r.pareto)
        self._show_moves(r.moves)
        self._show_complaints(r.complaints)

    def _show_months(self, months: list[Month]) -> None:
        profits = [m.profit for m in months]
        total = sum(profits)
        self.query_one("#profit-title", Static).update(
            f"Profit a month, {months[0].month} to {months[-1].month}: {money(total)} in all" if months else "No months"
        )
        self.query_one("#profit-line", Sparkline).data = [max(p, 0) / 100 for p in profits]
        if months:
            best = max(months, key=lambda m: m.profit)
            worst = min(months, key=lambda m: m.profit)
            self.query_one("#profit-range", Static).update(
                f"best {best.month} {money(best.profit)} · worst {worst.month} {money(worst.profit)}"
            )
        table = self.query_one("#months", TextTable)
        table.clear(columns=True)
        table.add_columns("Month", "Rentals", "Revenue", "Profit")
        for m in reversed(months):
            table.add_row(m.month, Text(str(m.rentals), justify="right"), Text(money(m.revenue), justify="right"),
                          Text(money(m.profit), justify="right", style="red" if m.profit < 0 else ""), key=m.month)

    def _show_pareto(self, curve: Pareto) -> None:
        n = len(curve.points)
        self.query_one("#pareto-title", Static).update(
            f"80/20: the top 20% ({-(-n // 5)} of {n}) bring {curve.top_fifth_share:.0%} of the profit;"
            f" {curve.for_eighty} customers ({curve.for_eighty_share:.0%}) bring 80%"
        )
        self.query_one("#pareto-line", Sparkline).data = [p.profit_share for p in curve.points]

    def _show_moves(self, moves: dict[str, dict[str, int]]) -> None:
        self.query_one("#moves-title", Static).update(f"Tier moves over {MOVES_DAYS} days (from → to)")
        table = self.query_one("#moves", TextTable)
        table.clear(columns=True)
        cols = (*TIERS, "gone")
        table.add_columns("from", *cols)
        for tier, row in moves.items():
            table.add_row(tier, *(Text(str(row[c]) if row[c] else "·", justify="right") for c in cols))

    def _show_complaints(self, quarters: dict[str, dict[str, int]]) -> None:
        # The most frequent cause first; ties in the order of SPEC 3's ten causes.
        seen = [k for k in CAUSES if any(k in c for c in quarters.values())]
        causes = sorted(seen, key=lambda k: -sum(q.get(k, 0) for q in quarters.values()))
        table = self.query_one("#complaints", TextTable)
        table.clear(columns=True)
        table.add_columns("quarter", *causes, "all")
        for quarter, counts in quarters.items():
            table.add_row(quarter, *(Text(str(counts.get(k, "")) or "·", justify="right") for k in causes),
                          Text(str(sum(counts.values())), justify="right"))
