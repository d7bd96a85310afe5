"""One customer: profile, tier and why, stage, emotion with its breakdown and trend, timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Sparkline, Static
from textual.worker import get_current_worker

from screens.actions import ANYWHERE, CUSTOMER, bindings, key_for
from screens.format import BAND_CLASSES, TIER_CLASSES, band_style, day, money, named, plain, tier_style
from screens.live import LiveScreen
from screens.widgets.text_table import TextTable

if TYPE_CHECKING:
    from tracker.board import CustomerDetail


class CustomerScreen(LiveScreen):
    """Everything about one customer, and the actions on it."""

    #: Breakdown lines shown one by one (newest first); older ones are summed on one line.
    BREAKDOWN_ROWS = 150

    CSS_PATH = "customer.tcss"
    #: Named styles (app.tcss colours them).
    COMPONENT_CLASSES = {
        "emotion--warms", "emotion--cools", "customer--archived", "money--owed", "follow-up--overdue", "alert--reason",
    } | TIER_CLASSES | BAND_CLASSES
    BINDINGS = bindings(CUSTOMER)

    class _Loaded(Message):
        """The stored facts (``timeline`` set, scores still to come) or the scores (``timeline`` None)."""

        def __init__(
            self,
            profile: dict[str, Any] | None,
            detail: CustomerDetail | None,
            timeline: list[dict[str, Any]] | None,
            error: str | None,
        ) -> None:
            super().__init__()
            self.profile = profile
            self.detail = detail
            self.timeline = timeline
            self.error = error

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self._timeline: dict[str, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="cust-top"):
            yield Static("Loading…", id="profile")
            yield Static("", id="standing")
            with Vertical(id="emotion-box"):
                yield Static("", id="emotion-score")
                yield Sparkline([], id="trend")
                yield Static("", id="trend-label")
        with Horizontal(id="cust-bottom"):
            yield TextTable(id="breakdown", cursor_type="row")
            yield TextTable(id="timeline", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        breakdown = self.query_one("#breakdown", DataTable)
        breakdown.border_title = "Emotion breakdown"
        breakdown.add_column("What", key="what", width=24)
        breakdown.add_column("Date", key="date", width=10)
        breakdown.add_column("Weight", key="weight", width=6)
        breakdown.add_column("Now", key="now", width=6)
        timeline = self.query_one("#timeline", DataTable)
        timeline.border_title = "Timeline"
        timeline.add_column("Date", key="date", width=10)
        timeline.add_column("Kind", key="kind", width=9)
        timeline.add_column("Ref", key="ref", width=6)
        timeline.add_column("Amount", key="amount", width=8)
        timeline.add_column("What", key="what", width=48)
        timeline.focus()
        self.data_changed()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="customer")
    def _load(self) -> None:
        from screens.store import reading
        from tracker.views import customer_profile, customer_timeline

        app = self.app
        error = None
        detail = None
        worker = get_current_worker()
        with reading(app.db_path) as conn:
            profile = customer_profile(conn, self.code)
            timeline = customer_timeline(conn, self.code) if profile else []
            # What is stored shows at once; the scores of a customer with years of history take longer.
            if not worker.is_cancelled:
                self.post_message(self._Loaded(profile, None, timeline, None))
            if profile:
                try:
                    from tracker.board import customer_detail

                    board = app.board
                    if board is not None and app.fixed_as_of not in (None, board.as_of):
                        board = None
                    detail = customer_detail(conn, self.code, app.fixed_as_of, board=board)
                except Exception as exc:  # shown on the screen; the profile is still useful
                    error = f"{type(exc).__name__}: {exc}"
        if profile and not worker.is_cancelled:
            self.post_message(self._Loaded(profile, detail, None, error))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        profile = message.profile
        if profile is None:
            self.query_one("#profile", Static).update(plain(f"No customer with code {self.code}."))
            return
        if message.timeline is not None:
            self.sub_title = f"{profile['name']} ({self.code})"
            self.query_one("#profile", Static).update(self._profile_text(profile))
            self._show_timeline(message.timeline)
            if self.query_one("#standing", Static).content == "":
                self.query_one("#standing", Static).update(Text("Working out tier and scores…", style="dim"))
            return
        detail = message.detail
        standing = self.query_one("#standing", Static)
        if detail is None:
            standing.update(Text(f"Scores unavailable: {message.error}", style="dim"))
        else:
            standing.update(self._standing_text(detail))
            self._show_emotion(detail)

    # --- rendering ------------------------------------------------------------------

    def _profile_text(self, p: dict[str, Any]) -> Text:
        t = Text()
        t.append(f"{p['name']}\n", style="bold")
        t.append(f"{p['code']} · {p['segment']}")
        if p.get("industry"):
            t.append(f" · {p['industry']}")
        t.append("\n")
        for label, key in (("Phone", "phone"), ("WeChat", "wechat"), ("Email", "email"), ("City", "city"),
                           ("Address", "address")):
            if p.get(key):
                t.append(f"{label:8}", style="dim")
                t.append(f"{p[key]}\n")
        if p.get("referred_by"):
            t.append("Referred by ", style="dim")
            t.append(f"{p.get('referred_by_name') or ''} ({p['referred_by']})\n")
        if p.get("partner"):
            t.append("Partner\n", style="bold")
        if p.get("contact_grade"):
            t.append("Grade   ", style="dim")
            t.append(f"{p['contact_grade']}\n")
        t.append("Since   ", style="dim")
        t.append(f"{p['created_on']}\n")
        if p.get("archived_on"):
            t.append(f"Archived {p['archived_on']}\n", style=named(self, "customer--archived"))
        if p.get("notes"):
            t.append(f"{p['notes']}\n", style="italic")
        return t

    def _standing_text(self, d: CustomerDetail) -> Text:
        t = Text()
        expl = d.tier
        t.append("Tier    ", style="dim")
        tier = expl.tier or "archived"
        t.append(tier.upper(), style=tier_style(self, expl.tier) or "bold")
        if expl.rank is not None:
            t.append(f"  {'high' if expl.high_value else 'low'} value", style="bold")
            t.append(f" (rank {expl.rank} of {expl.n}; the top {expl.k} count)")
            t.append(f", {'high' if expl.high_potential else 'low'} potential", style="bold")
        else:
            t.append(f"  {expl.text}")
        t.append("\n")
        t.append("Value   ", style="dim")
        t.append(f"{money(expl.current_value)}", style="bold")
        t.append("  potential ", style="dim")
        t.append(f"{expl.potential}{' (rated)' if expl.potential_rated else ' (from segment)'}\n")
        if d.stage:
            t.append("Stage   ", style="dim")
            t.append(d.stage, style="bold")
            if d.stage_rule:
                t.append(f" — {d.stage_rule}")
            t.append("\n")
        t.append("Owed    ", style="dim")
        owed = d.balance_owed
        t.append(f"{money(owed, decimals=True) if owed else '0'}\n", style=named(self, "money--owed") if owed else "")
        if d.next_follow_up:
            overdue = bool(d.row and d.row.follow_up_overdue)
            t.append("Follow  ", style="dim")
            t.append(
                f"{day(d.next_follow_up)}{' overdue' if overdue else ''}\n",
                style=named(self, "follow-up--overdue") if overdue else "",
            )
        for alert in d.alerts:
            t.append(f"! {alert.reason}\n", style=named(self, "alert--reason"))
        return t

    def _show_emotion(self, d: CustomerDetail) -> None:
        band = d.row.band if d.row is not None else ""
        breakdown = d.emotion
        text = Text()
        text.append("Emotion ", style="dim")
        text.append(f"{breakdown.score:.1f}", style=band_style(self, band) or "bold")
        if band:
            text.append(f" {band}")
        self.query_one("#emotion-score", Static).update(text)
        self.query_one("#trend", Sparkline).data = [score for _, score in d.trend]
        if d.trend:
            first, last = d.trend[0][1], d.trend[-1][1]
            self.query_one("#trend-label", Static).update(f"{len(d.trend)} weeks: {first:.1f} → {last:.1f}")
        table = self.query_one("#breakdown", DataTable)
        table.clear()
        table.add_row("baseline", "", Text(f"{breakdown.baseline:.1f}", justify="right"), "", key="base")
        lines = sorted(breakdown.lines, key=lambda l: l.on, reverse=True)
        for i, line in enumerate(lines[: self.BREAKDOWN_ROWS]):
            table.add_row(
                line.what, day(line.on), Text(f"{line.original:+.1f}", justify="right"), self._signed(line.current),
                key=f"b{i}",
            )
        older = lines[self.BREAKDOWN_ROWS :]
        if older:
            # A customer with years of daily rentals: the oldest events are summed on one line.
            table.add_row(
                Text(f"{len(older):,} older events", style="italic"), f"to {day(older[0].on)}",
                Text(f"{sum(l.original for l in older):+.1f}", justify="right"),
                self._signed(sum(l.current for l in older)), key="older",
            )
        table.add_row(
            Text("score", style="bold"), "", "",
            Text(f"{breakdown.score:.1f}", justify="right", style="bold"), key="total",
        )
        table.border_title = f"Emotion breakdown · {len(breakdown.lines)}"

    def _signed(self, value: float) -> Text:
        """A contribution to the score: ``emotion--warms`` when it warms, ``emotion--cools`` when it cools."""
        style = named(self, "emotion--warms" if value > 0 else "emotion--cools")
        return Text(f"{value:+.1f}", justify="right", style=style)

    def _show_timeline(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one("#timeline", DataTable)
        current = None
        if table.row_count:
            try:
                current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            except Exception:
                current = None
        table.clear()
        self._timeline = {}
        cooling = named(self, "emotion--cools")
        for row in rows:
            key = f"{row['kind']}:{row['ref']}"
            if key in self._timeline:
                continue
            self._timeline[key] = row
            kind = row["kind"]
            style = cooling if kind in ("complaint", "friction") else "bold" if kind == "rental" else ""
            amount = row.get("amount")
            table.add_row(
                row["day"], Text(kind, style=style), row["ref"],
                Text(money(amount) if amount else "", justify="right"), row["what"] or "", key=key,
            )
        table.border_title = f"Timeline · {len(rows)}"
        if current in self._timeline:
            table.move_cursor(row=table.get_row_index(current), animate=False)

    # --- selection and actions ----------------------------------------------------------

    def form_customer(self) -> str | None:
        """New rentals, complaints and interactions logged from here are for this customer."""
        return self.code

    def _selected_timeline(self, kind: str) -> str | None:
        table = self.query_one("#timeline", DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None
        row = self._timeline.get(key or "")
        return row["ref"] if row and row["kind"] == kind else None

    def selected_rental(self) -> str | None:
        return self._selected_timeline("rental")

    def selected_complaint(self) -> str | None:
        return self._selected_timeline("complaint")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_timeline(self) -> None:
        self.query_one("#timeline", DataTable).focus()

    def action_edit(self) -> None:
        self.app.action_edit_customer(self.code)

    def action_record_payment(self) -> None:
        from screens.forms.payment import PaymentForm

        self.app.open_form(PaymentForm(customer=self.code))

    def action_archive(self) -> None:
        self._archive()

    @work(thread=True, exclusive=True, exit_on_error=False, group="archive")
    def _archive(self) -> None:
        from screens.store import writing
        from tracker.services import archive_customer

        app = self.app
        with writing(app.db_path) as conn:
            saved = archive_customer(conn, self.code, app.as_of)
        app.call_from_thread(
            app.after_write, saved, f"Archived {saved.record.name}: off the board ({key_for(ANYWHERE, 'undo')} to undo)"
        )

    @on(DataTable.RowSelected, "#timeline")
    def _timeline_row(self, event: DataTable.RowSelected) -> None:
        row = self._timeline.get(event.row_key.value or "")
        if row is None:
            return
        if row["kind"] == "rental":
            self.app.open_rental(row["ref"])
        elif row["kind"] == "complaint":
            from screens.forms.complaint import ComplaintForm

            self.app.open_form(ComplaintForm(ref=row["ref"]))
        else:
            from screens.forms.interaction import InteractionForm

            self.app.open_form(InteractionForm(ref=row["ref"]))

