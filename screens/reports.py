"""Reports over time: profit a month (a sparkline and its table), the 80/20 curve, tier moves, complaints,
and a tier's emotion a month's end at a time.

Everything is read in workers (the same views as ``rentrack report``) and
drawn when it arrives; the screen reloads when the data changes. The emotion
trend has a worker of its own, so ``e`` (the next tier) reads only that.
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

from screens.actions import REPORTS, bindings, key_for
from screens.format import TIERS, money
from screens.live import LiveScreen
from screens.widgets.footer import Footer
from screens.widgets.scaled_sparkline import ScaledSparkline
from screens.widgets.text_table import TextTable
from tracker.i18n import N_, _, ngettext
from tracker.records import COMPLAINTS
from tracker.rules.trends import Month, Pareto, first_of_months_back
from tracker.words import shown

CAUSES = COMPLAINTS.field("category").kind.choices

#: Months the profit line covers; days back for the tier moves.
MONTHS = 24
MOVES_DAYS = 90
#: Months' ends the emotion trend covers (as ``rentrack report emotion``).
EMOTION_MONTHS = 12


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
    BINDINGS = bindings(REPORTS)
    #: The help's sub-heading for the screen's keys.
    LIST_TITLE = N_("Reports")

    class _Loaded(Message):
        def __init__(self, reports: Reports) -> None:
            super().__init__()
            self.reports = reports

    class _EmotionLoaded(Message):
        def __init__(self, tier: str, trend: list[tuple[date, float]]) -> None:
            super().__init__()
            self.tier = tier
            self.trend = trend

    def __init__(self) -> None:
        super().__init__()
        #: The tier whose emotion trend is shown (``e`` moves to the next).
        self.tier = TIERS[0]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reports"):
            yield Static(_("Reading…"), id="profit-title", classes="report-title")
            yield Sparkline([], id="profit-line")
            yield Static("", id="profit-range", classes="muted")
            with Horizontal(id="report-tables"):
                yield TextTable(id="months", cursor_type="row", zebra_stripes=True)
                with Vertical(id="report-side"):
                    yield Static("", id="pareto-title", classes="report-title")
                    yield Sparkline([], id="pareto-line")
                    yield Static("", id="moves-title", classes="report-title")
                    yield TextTable(id="moves", show_cursor=False)
                    yield Static(_("Complaints by cause, a quarter"), classes="report-title")
                    yield TextTable(id="complaints", show_cursor=False)
            yield Static(_("Reading…"), id="emotion-title", classes="report-title")
            with Horizontal(id="emotion-report"):
                with Vertical(id="emotion-side"):
                    yield ScaledSparkline([], id="emotion-line", low=0, high=100)  # emotion is held within 0..100
                    yield Static("", id="emotion-range", classes="muted")
                yield TextTable(id="emotion", show_cursor=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("Reports")
        self.data_changed()

    def reload(self) -> None:
        self._read(self.as_of)
        self._read_emotion(self.as_of, self.tier)

    def action_next_tier(self) -> None:
        """Show the emotion trend of the next tier (after lead, platinum again)."""
        self.tier = TIERS[(TIERS.index(self.tier) + 1) % len(TIERS)]
        self._show_emotion_title(None)
        self._read_emotion(self.as_of, self.tier)

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

    @work(thread=True, exclusive=True, exit_on_error=False, group="reports-emotion")
    def _read_emotion(self, as_of: date, tier: str) -> None:
        from screens.store import reading
        from tracker.board.trend import tier_emotion_trend

        with reading(self.app.db_path) as conn:
            trend = tier_emotion_trend(conn, tier, as_of, EMOTION_MONTHS)
        if not get_current_worker().is_cancelled:
            self.post_message(self._EmotionLoaded(tier, trend))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        r = message.reports
        self._show_months(r.months)
        self._show_pareto(r.pareto)
        self._show_moves(r.moves)
        self._show_complaints(r.complaints)

    @on(_EmotionLoaded)
    def _emotion_loaded(self, message: _EmotionLoaded) -> None:
        if message.tier == self.tier:  # else a tier passed over with e: its own read follows
            self._show_emotion(message.trend)

    def _show_months(self, months: list[Month]) -> None:
        profits = [m.profit for m in months]
        total = sum(profits)
        self.query_one("#profit-title", Static).update(
            _("Profit a month, {first} to {last}: {total} in all").format(
                first=months[0].month, last=months[-1].month, total=money(total))
            if months else _("No months")
        )
        self.query_one("#profit-line", Sparkline).data = [max(p, 0) / 100 for p in profits]
        if months:
            best = max(months, key=lambda m: m.profit)
            worst = min(months, key=lambda m: m.profit)
            self.query_one("#profit-range", Static).update(
                _("best {best} {best_profit} · worst {worst} {worst_profit}").format(
                    best=best.month, best_profit=money(best.profit), worst=worst.month,
                    worst_profit=money(worst.profit))
            )
        table = self.query_one("#months", TextTable)
        table.clear(columns=True)
        table.add_columns(_("Month"), _("Rentals"), _("Revenue"), _("Profit"))
        for m in reversed(months):
            table.add_row(m.month, Text(str(m.rentals), justify="right"), Text(money(m.revenue), justify="right"),
                          Text(money(m.profit), justify="right", style="red" if m.profit < 0 else ""), key=m.month)

    def _show_pareto(self, curve: Pareto) -> None:
        n = len(curve.points)
        self.query_one("#pareto-title", Static).update(
            _("80/20: the top 20% ({top} of {n}) bring {top_share} of the profit;"
              " {for_eighty} customers ({for_eighty_share}) bring 80%").format(
                top=-(-n // 5), n=n, top_share=f"{curve.top_fifth_share:.0%}", for_eighty=curve.for_eighty,
                for_eighty_share=f"{curve.for_eighty_share:.0%}")
        )
        self.query_one("#pareto-line", Sparkline).data = [p.profit_share for p in curve.points]

    def _show_moves(self, moves: dict[str, dict[str, int]]) -> None:
        self.query_one("#moves-title", Static).update(
            ngettext("Tier moves over {days} day (from → to)", "Tier moves over {days} days (from → to)",
                     MOVES_DAYS).format(days=MOVES_DAYS)
        )
        table = self.query_one("#moves", TextTable)
        table.clear(columns=True)
        cols = (*TIERS, "gone")
        table.add_columns(_("from"), *(shown(c) if c in TIERS else _("gone") for c in cols))
        for tier, row in moves.items():
            table.add_row(shown(tier), *(Text(str(row[c]) if row[c] else "·", justify="right") for c in cols))

    def _show_complaints(self, quarters: dict[str, dict[str, int]]) -> None:
        # The most frequent cause first; ties in the order of SPEC 3's ten causes.
        seen = [k for k in CAUSES if any(k in c for c in quarters.values())]
        causes = sorted(seen, key=lambda k: -sum(q.get(k, 0) for q in quarters.values()))
        table = self.query_one("#complaints", TextTable)
        table.clear(columns=True)
        table.add_columns(_("quarter"), *(shown(k) for k in causes), _("all"))
        for quarter, counts in quarters.items():
            table.add_row(quarter, *(Text(str(counts.get(k, "")) or "·", justify="right") for k in causes),
                          Text(str(sum(counts.values())), justify="right"))

    def _members(self) -> int | None:
        """How many customers the board on show has in the tier (None: no board yet)."""
        board = self.app.board
        return None if board is None else sum(1 for r in board.rows if r.tier == self.tier)

    def _show_emotion_title(self, trend: list[tuple[date, float]] | None) -> None:
        key = key_for(REPORTS, "next_tier")
        if trend is None:
            text = _("Emotion of the {tier} tier: reading…").format(tier=shown(self.tier))
        elif self._members() == 0:
            text = _("No customers in the {tier} tier on the board ({key}: next tier)").format(
                tier=shown(self.tier), key=key)
        else:
            text = _("Emotion of the {tier} tier's customers, a month's end at a time ({key}: next tier)").format(
                tier=shown(self.tier), key=key)
        self.query_one("#emotion-title", Static).update(text)

    def _show_emotion(self, trend: list[tuple[date, float]]) -> None:
        self._show_emotion_title(trend)
        scores = [score for _day, score in trend]
        self.query_one("#emotion-line", ScaledSparkline).data = scores
        line = ""
        if trend:
            low = min(trend, key=lambda p: p[1])
            high = max(trend, key=lambda p: p[1])
            line = _("now {now} · lowest {low} on {low_day} · highest {high} on {high_day}").format(
                now=f"{trend[-1][1]:.1f}", low=f"{low[1]:.1f}", low_day=low[0].isoformat(),
                high=f"{high[1]:.1f}", high_day=high[0].isoformat())
        self.query_one("#emotion-range", Static).update(line)
        table = self.query_one("#emotion", TextTable)
        table.clear(columns=True)
        table.add_columns(_("Month's end"), _("Emotion"))
        for day, score in reversed(trend):
            table.add_row(day.isoformat(), Text(f"{score:.1f}", justify="right"), key=day.isoformat())
