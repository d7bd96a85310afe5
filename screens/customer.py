"""One customer: profile, tier and why, stage, emotion with its breakdown and trend, timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from screens.actions import CUSTOMER, bindings, key_for
from screens.format import BAND_CLASSES, TIER_CLASSES, band_style, day, money, named, plain, tier_style
from screens.live import LiveScreen
from screens.widgets.footer import Footer
from screens.widgets.scaled_sparkline import ScaledSparkline
from screens.widgets.text_table import TextTable, long_cell
from tracker.rules.lifecycle import follow_up_due, follow_up_in

if TYPE_CHECKING:
    from tracker.board import CustomerDetail
    from tracker.brief import VisitBrief


def _add(table: TextTable, key: str, **cells: Any) -> None:
    """A row of *table* from its cells by column key (columns a narrow screen left out are skipped)."""
    table.add_row(*(cells.get(column.value, "") for column in table.columns), key=key)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _refs(refs: list[str], shown: int = 5) -> str:
    """``R1, R2, R3`` (and how many more past *shown*)."""
    more = f" and {len(refs) - shown} more" if len(refs) > shown else ""
    return ", ".join(refs[:shown]) + more


class CustomerScreen(LiveScreen):
    """Everything about one customer, and the actions on it."""

    #: Breakdown lines shown one by one (newest first); older ones are summed on one line.
    BREAKDOWN_ROWS = 150
    #: Rentals named on the Owed line (the rest are counted).
    OWED_SHOWN = 3

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
        self._name = code
        #: Whether the customer is archived (None until its profile is read).
        self._archived: bool | None = None
        #: What was read last (drawn again when the size changes).
        self._profile: dict[str, Any] | None = None
        self._timeline_rows: list[dict[str, Any]] | None = None
        self._detail: CustomerDetail | None = None
        self._columns_set = False
        self._breakdown: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="cust-top"):
            yield Static("Loading…", id="profile")
            yield Static("", id="standing")
            with Vertical(id="emotion-box"):
                yield Static("", id="emotion-score")
                yield ScaledSparkline([], id="trend", low=0, high=100)  # emotion is held within 0..100
                yield Static("", id="trend-label")
        with Horizontal(id="cust-bottom"):
            yield TextTable(id="breakdown", cursor_type="row", fill="what")
            with Vertical(id="cust-side"):
                yield TextTable(id="tasks", cursor_type="row", fill="what")
                yield TextTable(id="contacts", cursor_type="row", fill="name")
                yield TextTable(id="timeline", cursor_type="row", fill="what")
        yield Footer(compact=True)

    #: Narrower than this, the emotion box and some columns give way to the breakdown and the timeline.
    NARROW = 110
    #: Shorter than this, the header goes and the profile and standing are summed up in a few lines.
    SHORT = 32
    #: (label, key, width, kept when narrow) of each table; "what" takes the width the others leave.
    BREAKDOWN_COLUMNS = (("What", "what", 24, True), ("Date", "date", 10, False), ("Now", "now", 6, True))
    TIMELINE_COLUMNS = (
        ("Date", "date", 10, True), ("Kind", "kind", 9, True), ("Ref", "ref", 6, False),
        ("Amount", "amount", 8, False), ("What", "what", 24, True),
    )

    #: (label, key, width) of the tasks' and the contacts' columns.
    TASK_COLUMNS = (("Due", "due", 10), ("Kind", "kind", 7), ("What", "what", 24))
    CONTACT_COLUMNS = (("Name", "name", 12), ("Role", "role", 12), ("Phone", "phone", 13), ("WeChat", "wechat", 12),
                       ("Birthday", "birthday", 10))

    def on_mount(self) -> None:
        for table_id, spec in (("#tasks", self.TASK_COLUMNS), ("#contacts", self.CONTACT_COLUMNS)):
            table = self.query_one(table_id, TextTable)
            for label, key, width in spec:
                table.add_column(label, key=key, width=width)
            table.display = False
        self.query_one("#breakdown", DataTable).border_title = "Emotion breakdown"
        self.query_one("#timeline", DataTable).border_title = "Timeline"
        self._fit_size()
        self.query_one("#timeline", DataTable).focus()
        self.data_changed()

    def on_resize(self) -> None:
        if self._fit_size():
            self._show_all()

    def _fit_size(self) -> bool:
        """Set the narrow and short classes and the columns for the screen's size; True if they changed."""
        narrow, short = self.size.width < self.NARROW, self.size.height < self.SHORT
        if (narrow, short) == (self.has_class("-narrow"), self.has_class("-short")) and self._columns_set:
            return False
        self.set_class(narrow, "-narrow")
        self.set_class(short, "-short")
        self._columns_set = True
        for table_id, spec in (("#breakdown", self.BREAKDOWN_COLUMNS), ("#timeline", self.TIMELINE_COLUMNS)):
            table = self.query_one(table_id, TextTable)
            table.clear(columns=True)
            for label, key, width, kept in spec:
                if kept or not narrow:
                    table.add_column(label, key=key, width=width)
            table.fit_fill()
        return True

    def _show_all(self) -> None:
        """Draw again what was read, for the new size."""
        if self._profile is not None:
            self.query_one("#profile", Static).update(self._profile_text(self._profile))
        if self._timeline_rows is not None:
            self._show_timeline(self._timeline_rows)
        if self._detail is not None:
            self.query_one("#standing", Static).update(self._standing_text(self._detail))
            self._show_emotion(self._detail)

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
            if profile:
                self._load_people(conn)
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
            self._name = profile["name"]
            archived = bool(profile.get("archived_on"))
            if archived != self._archived:
                self._archived = archived
                self.refresh_bindings()
            self.sub_title = f"{profile['name']} ({self.code})" + (" · archived" if archived else "")
            self._profile, self._timeline_rows = profile, message.timeline
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
            self._detail = detail
            standing.update(self._standing_text(detail))
            self._show_emotion(detail)

    # --- rendering ------------------------------------------------------------------

    def _profile_text(self, p: dict[str, Any], *, whole: bool = False) -> Text:
        if self.has_class("-short") and not whole:
            return self._profile_brief(p)
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

    def _profile_brief(self, p: dict[str, Any]) -> Text:
        """The profile in four lines (a short screen): name, code and segment, phone, city."""
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(f"{p['name']}\n", style="bold")
        t.append(f"{p['code']} · {p['segment']}\n")
        t.append(f"{p.get('phone') or p.get('wechat') or ''}\n")
        if p.get("archived_on"):
            t.append(f"Archived {p['archived_on']}", style=named(self, "customer--archived"))
        else:
            t.append(f"{p.get('city') or ''}")
        return t

    def _standing_brief(self, d: CustomerDetail) -> Text:
        """The standing in four lines (a short screen): tier, value and the cut, owed and follow-up, alerts."""
        expl = d.tier
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append((expl.tier or "archived").upper(), style=tier_style(self, expl.tier) or "bold")
        if expl.rank is not None:
            t.append(f" rank {expl.rank} of {expl.n}, top {expl.k} by value")
        t.append("\n")
        t.append("Value ", style="dim")
        t.append(money(expl.current_value), style="bold")
        t.append(f"  potential {expl.potential}\n")
        owed = d.balance_owed
        t.append("Owed ", style="dim")
        t.append(money(owed, decimals=True) if owed else "0", style=named(self, "money--owed") if owed else "")
        if d.next_follow_up:
            due = follow_up_due(d.next_follow_up, d.as_of)
            t.append("  follow-up ", style="dim")
            t.append(f"{follow_up_in(d.next_follow_up, d.as_of)}{' ⏰' if due else ''}",
                     style=named(self, "follow-up--overdue") if due else "")
        t.append("\n")
        if d.alerts:
            t.append(f"! {d.alerts[0].reason}", style=named(self, "alert--reason"))
            if len(d.alerts) > 1:
                t.append(f" (+{len(d.alerts) - 1})", style=named(self, "alert--reason"))
        else:
            t.append(f"{key_for(CUSTOMER, 'show_profile')} the whole profile", style="dim")
        return t

    def _standing_text(self, d: CustomerDetail, *, whole: bool = False) -> Text:
        if self.has_class("-short") and not whole:
            return self._standing_brief(d)
        t = Text()
        expl = d.tier
        t.append("Tier    ", style="dim")
        tier = expl.tier or "archived"
        t.append(tier.upper(), style=tier_style(self, expl.tier) or "bold")
        if expl.rank is not None:
            if expl.moved:
                t.append(f"  moved from {expl.moved[0]} on {day(expl.moved[2])}")
            t.append("\n        ")
            t.append(f"{'high' if expl.high_value else 'low'} value", style="bold")
            t.append(", ")
            t.append(f"{'high' if expl.high_potential else 'low'} potential", style="bold")
            t.append(f"\n        {expl.cut_text}", style="dim")
        else:
            t.append(f"  {expl.text}")
        t.append("\n")
        t.append("Value   ", style="dim")
        t.append(f"{money(expl.current_value)}", style="bold")
        t.append("  potential ", style="dim")
        t.append(f"{expl.potential}{' (rated)' if expl.potential_rated else ' (from segment)'}\n")
        if expl.next_tier:
            t.append("Next    ", style="dim")
            t.append(f"{expl.next_tier}\n")
        if d.stage:
            t.append("Stage   ", style="dim")
            t.append(d.stage, style="bold")
            if d.stage_rule:
                t.append(f" — {d.stage_rule}")
            t.append("\n")
        t.append("Owed    ", style="dim")
        owed = d.balance_owed
        t.append(f"{money(owed, decimals=True) if owed else '0'}", style=named(self, "money--owed") if owed else "")
        if d.owed_on:
            shown = d.owed_on[: self.OWED_SHOWN]
            t.append(" on " + ", ".join(f"{ref} {money(amount - paid, decimals=True)}" for ref, _, amount, paid in shown))
            if len(d.owed_on) > len(shown):
                t.append(f" and {len(d.owed_on) - len(shown)} more")
        t.append("\n")
        if d.compensation:
            t.append("Compens ", style="dim")
            t.append(f"{money(d.compensation, decimals=True)} ({', '.join(d.compensated)})")
            t.append(": off value, not the balance\n", style="dim")
        if d.next_follow_up:
            due = follow_up_due(d.next_follow_up, d.as_of)
            t.append("Follow  ", style="dim")
            t.append(
                f"{day(d.next_follow_up)} ({follow_up_in(d.next_follow_up, d.as_of)}){' ⏰' if due else ''}\n",
                style=named(self, "follow-up--overdue") if due else "",
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
        self.query_one("#trend", ScaledSparkline).data = [score for _, score in d.trend]
        if d.trend:
            first, last = d.trend[0][1], d.trend[-1][1]
            self.query_one("#trend-label", Static).update(f"{len(d.trend)} weeks: {first:.1f} → {last:.1f}")
        table = self.query_one("#breakdown", TextTable)
        table.clear()
        self._breakdown = {}
        _add(table, "base", what="baseline", now=Text(f"{breakdown.baseline:.1f}", justify="right"))
        lines = sorted(breakdown.lines, key=lambda l: l.on, reverse=True)
        for i, line in enumerate(lines[: self.BREAKDOWN_ROWS]):
            self._breakdown[f"b{i}"] = line
            _add(table, f"b{i}", what=long_cell(line.what), date=day(line.on), now=self._signed(line.current))
        older = lines[self.BREAKDOWN_ROWS :]
        if older:
            # A customer with years of daily rentals: the oldest events are summed on one line.
            _add(table, "older", what=Text(f"{len(older):,} older events", style="italic"),
                 date=f"to {day(older[0].on)}", now=self._signed(sum(l.current for l in older)))
        _add(table, "total", what=Text("score", style="bold"),
             now=Text(f"{breakdown.score:.1f}", justify="right", style="bold"))
        title = f"Emotion breakdown · {len(breakdown.lines)}"
        if self.has_class("-narrow"):  # the emotion box gives way: its score heads the breakdown
            title = f"Emotion {breakdown.score:.1f}{' ' + band if band else ''} · {len(breakdown.lines)}"
        table.border_title = title

    def _signed(self, value: float) -> Text:
        """A contribution to the score: ``emotion--warms`` when it warms, ``emotion--cools`` when it cools."""
        style = named(self, "emotion--warms" if value > 0 else "emotion--cools")
        return Text(f"{value:+.1f}", justify="right", style=style)

    def _show_timeline(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one("#timeline", TextTable)
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
            _add(table, key, date=row["day"], kind=Text(kind, style=style), ref=row["ref"],
                 amount=Text(money(amount) if amount else "", justify="right"), what=long_cell(row["what"] or ""))
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

    def action_focus_breakdown(self) -> None:
        self.query_one("#breakdown", DataTable).focus()

    def action_edit(self) -> None:
        self.app.action_edit_customer(self.code)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Archive is offered for a customer on the board, restore for an archived one."""
        if action == "archive":
            return self._archived is False
        if action == "restore":
            return self._archived is True
        if action in ("done_task", "snooze_task"):
            return True if self.selected_task() else None
        return True

    def action_record_payment(self) -> None:
        from screens.forms.payment import PaymentForm

        self.app.open_form(PaymentForm(customer=self.code))

    def action_archive(self) -> None:
        self._ask_archive()

    @work(thread=True, exclusive=True, exit_on_error=False, group="archive")
    def _ask_archive(self) -> None:
        from screens.store import reading
        from tracker.views import before_archiving

        app = self.app
        with reading(app.db_path) as conn:
            out, booked, owed = before_archiving(conn, self.code, app.as_of)
        app.call_from_thread(self._confirm_archive, out, booked, owed)

    def _confirm_archive(self, out: list[str], booked: list[str], owed: int) -> None:
        from screens.confirm import ConfirmScreen

        warn = named(self, "alert--reason")
        text = Text()
        text.append(f"Archive {self._name} ({self.code})?\n", style="bold")
        text.append("Off the board and the lists; its history is kept and it can be restored.\n")
        if out:
            text.append(f"\n{_count(len(out), 'unit')} still out: {_refs(out)}", style=warn)
        if booked:
            text.append(f"\n{_count(len(booked), 'booking')} to come: {_refs(booked)}", style=warn)
        if owed:
            text.append(f"\n{money(owed, decimals=True)} still owed", style=warn)

        def answered(yes: bool | None) -> None:
            if yes:
                self._archive()

        self.app.push_screen(ConfirmScreen("Archive customer", text), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="archive")
    def _archive(self) -> None:
        from screens.store import writing
        from tracker.services import archive_customer

        app = self.app
        with writing(app.db_path) as conn:
            saved = archive_customer(conn, self.code, app.as_of)
        app.call_from_thread(
            app.after_write, saved,
            f"Archived {saved.record.name}: off the board ({key_for(CUSTOMER, 'restore')} on its screen restores it)",
        )

    def action_restore(self) -> None:
        self._restore()

    @work(thread=True, exclusive=True, exit_on_error=False, group="archive")
    def _restore(self) -> None:
        from screens.store import writing
        from tracker.services import restore_customer

        app = self.app
        with writing(app.db_path) as conn:
            saved = restore_customer(conn, self.code)
        app.call_from_thread(app.after_write, saved, f"Restored {saved.record.name}: back on the board")

    @on(DataTable.RowSelected, "#timeline")
    def _timeline_row(self, event: DataTable.RowSelected) -> None:
        """Enter on a timeline line: its whole text, and what can be done with it from there."""
        from screens.detail import DetailScreen

        row = self._timeline.get(event.row_key.value or "")
        if row is None:
            return
        kind, ref = row["kind"], row["ref"]
        if kind == "rental":  # a rental has its own screen: every field, its money and what can be done next
            self.app.open_rental(ref)
            return
        body = Text()
        for label, value in (
            ("Date", row["day"]), ("Kind", kind), ("Ref", ref), ("Status", row.get("status")),
            ("Amount", money(row["amount"], decimals=True) if row.get("amount") else ""),
        ):
            if value:
                body.append(f"{label:8}", style="dim")
                body.append(f"{value}\n")
        body.append("\n")
        body.append(plain(row["what"] or ""))
        rental = ref if kind == "rental" and row.get("status") in ("booked", "on-rent") else None
        complaint = ref if kind == "complaint" and row.get("status") == "open" else None

        def then(action: str | None) -> None:
            # The cursor is still on this line: the form takes its rental or complaint.
            if action == "mark_returned":
                self.app.action_mark_returned()
            elif action == "resolve_complaint":
                self.app.action_resolve_complaint()
            elif action == "edit":
                self._edit_line(kind, ref)

        self.app.push_screen(
            DetailScreen(f"{kind} {ref}", body, rental=rental, complaint=complaint, editable=True), then
        )

    def _edit_line(self, kind: str, ref: str) -> None:
        """Edit the complaint or interaction of a timeline line."""
        if kind == "complaint":
            from screens.forms.complaint import ComplaintForm

            self.app.open_form(ComplaintForm(ref=ref))
        else:
            from screens.forms.interaction import InteractionForm

            self.app.open_form(InteractionForm(ref=ref))

    @on(DataTable.RowSelected, "#breakdown")
    def _breakdown_row(self, event: DataTable.RowSelected) -> None:
        """Enter on a breakdown line: the event's whole text and its weight on the day and now."""
        from screens.detail import DetailScreen

        line = self._breakdown.get(event.row_key.value or "")
        if line is None:
            return
        body = Text()
        body.append(plain(line.what))
        body.append("\n\n")
        for label, value in (("Date", day(line.on)), ("Weight", f"{line.original:+.1f} on the day")):
            body.append(f"{label:8}", style="dim")
            body.append(f"{value}\n")
        body.append(f"{'Now':8}", style="dim")
        body.append(self._signed(line.current))
        body.append(" as of ")
        body.append(day(self._detail.as_of) if self._detail else "")
        self.app.push_screen(DetailScreen("Emotion breakdown line", body))

    def action_show_profile(self) -> None:
        """The whole profile and standing, whatever the screen's size."""
        from screens.detail import DetailScreen

        if self._profile is None:
            return
        body = self._profile_text(self._profile, whole=True)
        if self._detail is not None:
            body.append("\n")
            body.append(self._standing_text(self._detail, whole=True))
        self.app.push_screen(DetailScreen(f"{self._profile['name']} ({self.code})", body))

    def action_show_brief(self) -> None:
        """The visit brief: what to know before going to see the customer."""
        self._load_brief()

    @work(thread=True, exclusive=True, exit_on_error=False, group="brief")
    def _load_brief(self) -> None:
        from screens.store import reading
        from tracker.brief import visit_brief

        app = self.app
        board = app.board
        if board is not None and app.fixed_as_of not in (None, board.as_of):
            board = None
        with reading(app.db_path) as conn:
            brief = visit_brief(conn, self.code, app.fixed_as_of, board=board)
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._show_brief, brief)

    def _show_brief(self, brief: VisitBrief) -> None:
        from screens.detail import DetailScreen
        from tracker.brief import brief_sections

        body = Text()
        for i, (heading, lines) in enumerate(brief_sections(brief)):
            body.append(("\n" if i else "") + heading + "\n", style="bold")
            for line in lines:
                body.append(f"  {line}\n")  # Text: what the owner typed is never read as markup
        body.rstrip()
        self.app.push_screen(DetailScreen(f"Visit brief: {brief.name} ({brief.code}) as of {day(brief.as_of)}", body))

    # --- tasks, promises and contacts ------------------------------------------------------

    class _People(Message):
        """The customer's open tasks and promises, and its contacts."""

        def __init__(self, tasks: list[dict[str, Any]], contacts: list[dict[str, Any]]) -> None:
            super().__init__()
            self.tasks = tasks
            self.contacts = contacts

    def _load_people(self, conn: Any) -> None:
        """Read the open tasks and the contacts (worker thread) and post them."""
        from tracker.views import contacts_of, open_tasks_of

        tasks, contacts = open_tasks_of(conn, self.code, self.as_of), contacts_of(conn, self.code)
        if not get_current_worker().is_cancelled:
            self.post_message(self._People(tasks, contacts))

    @on(_People)
    def _people(self, message: _People) -> None:
        late = named(self, "follow-up--overdue")
        tasks = self.query_one("#tasks", TextTable)
        current = self._cursor_key(tasks)
        tasks.clear()
        for t in message.tasks:
            up = t["comes_up"]
            when = Text(up, style=late if up <= self.as_of.isoformat() else "")
            what = t["what"] + (f" (snoozed, due {t['due']})" if t["snoozed_until"] else "")
            tasks.add_row(when, Text(t["kind"], style="bold" if t["kind"] == "promise" else ""), long_cell(what),
                          key=t["ref"])
        tasks.border_title = f"Tasks and promises · {len(message.tasks)}"
        tasks.display = bool(message.tasks)
        contacts = self.query_one("#contacts", TextTable)
        current_contact = self._cursor_key(contacts)
        contacts.clear()
        for c in message.contacts:
            contacts.add_row(long_cell(c["name"]), long_cell(c["role"]), c["phone"], c["wechat"], c["birthday"] or "",
                             key=c["ref"])
        contacts.border_title = f"Contacts · {len(message.contacts)}"
        contacts.display = bool(message.contacts)
        for table, key in ((tasks, current), (contacts, current_contact)):
            table.fit_fill()
            table.call_after_refresh(table.fit_fill)  # a table just shown has its width only once laid out
            if key is not None and key in table.rows:
                table.move_cursor(row=table.get_row_index(key), animate=False)
        self.refresh_bindings()

    @staticmethod
    def _cursor_key(table: DataTable[Any]) -> str | None:
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None

    def selected_task(self) -> str | None:
        """The task or promise under the tasks' cursor (the first one until the cursor moves)."""
        tables = self.query("#tasks")
        return self._cursor_key(tables.first(DataTable)) if tables else None

    def action_add_task(self) -> Any:
        from screens.forms.task import TaskForm

        return self.app.open_form(TaskForm(customer=self.code))

    def action_done_task(self) -> None:
        ref = self.selected_task()
        if ref:
            self._done_task(ref)

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def _done_task(self, ref: str) -> None:
        from screens.today import done_task_now

        done_task_now(self, ref)

    def action_snooze_task(self) -> Any:
        from screens.forms.task import SnoozeForm

        ref = self.selected_task()
        return self.app.open_form(SnoozeForm(ref)) if ref else None

    def action_add_contact(self) -> Any:
        from screens.forms.contact import ContactForm

        return self.app.open_form(ContactForm(customer=self.code))

    @on(DataTable.RowSelected, "#tasks")
    def _task_row(self, event: DataTable.RowSelected) -> None:
        """Enter on a task: edit it."""
        from screens.forms.task import TaskForm

        if event.row_key.value:
            self.app.open_form(TaskForm(ref=event.row_key.value))

    @on(DataTable.RowSelected, "#contacts")
    def _contact_row(self, event: DataTable.RowSelected) -> None:
        """Enter on a contact: edit it."""
        from screens.forms.contact import ContactForm

        if event.row_key.value:
            self.app.open_form(ContactForm(ref=event.row_key.value))
