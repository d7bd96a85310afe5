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
from screens.format import BAND_CLASSES, TIER_CLASSES, band_style, day, money, named, pad, plain, tier_style
from screens.live import LiveScreen
from screens.widgets.footer import Footer
from screens.widgets.scaled_sparkline import ScaledSparkline
from screens.widgets.text_table import TextTable, long_cell
from tracker.i18n import N_, _, ngettext, pgettext
from tracker.rules.lifecycle import follow_up_due, follow_up_in
from tracker.words import shown

if TYPE_CHECKING:
    from tracker.board import CustomerDetail
    from tracker.brief import VisitBrief


def _add(table: TextTable, key: str, **cells: Any) -> None:
    """A row of *table* from its cells by column key (columns a narrow screen left out are skipped)."""
    table.add_row(*(cells.get(column.value, "") for column in table.columns), key=key)


#: The timeline's kinds besides an interaction's (whose words are :data:`tracker.words.VALUES`').
TIMELINE_KINDS = (N_("rental"), N_("complaint"))

def timeline_what(row: dict[str, Any]) -> str:
    """A timeline line's text (:func:`tracker.views.customer_timeline`) in the language spoken now: a rental's
    unit, end, status and site; a complaint's cause, severity, status, day resolved and description; a note."""
    kind, text = row["kind"], row["text"] or ""
    if kind == "rental":
        line = (row["unit"] + " " if row["unit"] else "") + _("until {day}").format(day=row["until"])
        line += " · " + shown(row["status"])
    elif kind == "complaint":
        line = shown(row["cause"]) + " " + _("sev {n}").format(n=row["severity"]) + " · " + shown(row["status"])
        line += " " + row["resolved"] if row["resolved"] else ""
    else:
        return text
    return line + (" · " + text if text else "")


def _refs(refs: list[str], shown_at_most: int = 5) -> str:
    """``R1, R2, R3`` (and how many more past *shown_at_most*)."""
    listed = ", ".join(refs[:shown_at_most])
    if len(refs) > shown_at_most:
        return _("{refs} and {n} more").format(refs=listed, n=len(refs) - shown_at_most)
    return listed


def _tier_word(tier: str | None) -> str:
    """The tier as the standing heads it (``GOLD``, ``黄金``), ``ARCHIVED`` for an archived customer."""
    return shown(tier).upper() if tier else _("archived").upper()


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
            yield Static(_("Loading…"), id="profile")
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
    BREAKDOWN_COLUMNS = (
        (N_("What"), "what", 24, True), (N_("Date"), "date", 10, False), (N_("Now"), "now", 6, True),
    )
    TIMELINE_COLUMNS = (
        (N_("Date"), "date", 10, True), (N_("Kind"), "kind", 9, True), (N_("Ref"), "ref", 6, False),
        (N_("Amount"), "amount", 8, False), (N_("What"), "what", 24, True),
    )

    #: (label, key, width) of the tasks' and the contacts' columns.
    TASK_COLUMNS = ((N_("Due"), "due", 10), (N_("Kind"), "kind", 7), (N_("What"), "what", 24))
    CONTACT_COLUMNS = ((N_("Name"), "name", 12), (N_("Role"), "role", 12), (N_("Phone"), "phone", 13),
                       (N_("WeChat"), "wechat", 12), (N_("Birthday"), "birthday", 10))

    def on_mount(self) -> None:
        for table_id, spec in (("#tasks", self.TASK_COLUMNS), ("#contacts", self.CONTACT_COLUMNS)):
            table = self.query_one(table_id, TextTable)
            for label, key, width in spec:
                table.add_column(_(label), key=key, width=width)
            table.display = False
        self.query_one("#breakdown", DataTable).border_title = _("Emotion breakdown")
        self.query_one("#timeline", DataTable).border_title = _("Timeline")
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
                    table.add_column(_(label), key=key, width=width)
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
                    error = f"{type(exc).__name__}: {exc}"  # a programmer's words: shown as they are
        if profile and not worker.is_cancelled:
            self.post_message(self._Loaded(profile, detail, None, error))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        profile = message.profile
        if profile is None:
            self.query_one("#profile", Static).update(plain(_("No customer with code {code}.").format(code=self.code)))
            return
        if message.timeline is not None:
            self._name = profile["name"]
            archived = bool(profile.get("archived_on"))
            if archived != self._archived:
                self._archived = archived
                self.refresh_bindings()
            self.sub_title = (_("{name} ({code}) · archived") if archived else "{name} ({code})").format(
                name=profile["name"], code=self.code)
            self._profile, self._timeline_rows = profile, message.timeline
            self.query_one("#profile", Static).update(self._profile_text(profile))
            self._show_timeline(message.timeline)
            if self.query_one("#standing", Static).content == "":
                self.query_one("#standing", Static).update(Text(_("Working out tier and scores…"), style="dim"))
            return
        detail = message.detail
        standing = self.query_one("#standing", Static)
        if detail is None:
            standing.update(Text(_("Scores unavailable: {error}").format(error=message.error), style="dim"))
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
        t.append(f"{p['code']} · {shown(p['segment'])}")
        if p.get("industry"):
            t.append(f" · {p['industry']}")
        t.append("\n")
        for label, key in ((_("Phone"), "phone"), (_("WeChat"), "wechat"), (_("Email"), "email"), (_("City"), "city"),
                           (_("Address"), "address")):
            if p.get(key):
                t.append(pad(label, 8), style="dim")
                t.append(f"{p[key]}\n")
        if p.get("referred_by"):
            t.append(pad(_("Referred by"), 12), style="dim")
            t.append(f"{p.get('referred_by_name') or ''} ({p['referred_by']})\n")
        if p.get("partner"):
            t.append(_("Partner") + "\n", style="bold")
        if p.get("contact_grade"):
            t.append(pad(_("Grade"), 8), style="dim")
            t.append(f"{p['contact_grade']}\n")
        t.append(pad(_("Since"), 8), style="dim")
        t.append(f"{p['created_on']}\n")
        if p.get("archived_on"):
            t.append(_("Archived {day}").format(day=p["archived_on"]) + "\n", style=named(self, "customer--archived"))
        if p.get("notes"):
            t.append(f"{p['notes']}\n", style="italic")
        return t

    def _profile_brief(self, p: dict[str, Any]) -> Text:
        """The profile in four lines (a short screen): name, code and segment, phone, city."""
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(f"{p['name']}\n", style="bold")
        t.append(f"{p['code']} · {shown(p['segment'])}\n")
        t.append(f"{p.get('phone') or p.get('wechat') or ''}\n")
        if p.get("archived_on"):
            t.append(_("Archived {day}").format(day=p["archived_on"]), style=named(self, "customer--archived"))
        else:
            t.append(f"{p.get('city') or ''}")
        return t

    def _standing_brief(self, d: CustomerDetail) -> Text:
        """The standing in four lines (a short screen): tier, value and the cut, owed and follow-up, alerts."""
        expl = d.tier
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(_tier_word(expl.tier), style=tier_style(self, expl.tier) or "bold")
        if expl.rank is not None:
            t.append(" " + _("rank {rank} of {n}, top {k} by value").format(rank=expl.rank, n=expl.n, k=expl.k))
        t.append("\n")
        t.append(_("Value") + " ", style="dim")
        t.append(money(expl.current_value), style="bold")
        t.append("  " + _("potential {n}").format(n=expl.potential) + "\n")
        owed = d.balance_owed
        t.append(_("Owed") + " ", style="dim")
        t.append(money(owed, decimals=True) if owed else "0", style=named(self, "money--owed") if owed else "")
        if d.next_follow_up:
            due = follow_up_due(d.next_follow_up, d.as_of)
            t.append("  " + _("follow-up") + " ", style="dim")
            t.append(f"{follow_up_in(d.next_follow_up, d.as_of)}{' ⏰' if due else ''}",
                     style=named(self, "follow-up--overdue") if due else "")
        t.append("\n")
        if d.alerts:
            t.append(f"! {d.alerts[0].reason}", style=named(self, "alert--reason"))
            if len(d.alerts) > 1:
                t.append(f" (+{len(d.alerts) - 1})", style=named(self, "alert--reason"))
        else:
            t.append(_("{key} the whole profile").format(key=key_for(CUSTOMER, "show_profile")), style="dim")
        return t

    def _standing_text(self, d: CustomerDetail, *, whole: bool = False) -> Text:
        if self.has_class("-short") and not whole:
            return self._standing_brief(d)
        t = Text()
        expl = d.tier
        t.append(pad(_("Tier"), 8), style="dim")
        t.append(_tier_word(expl.tier), style=tier_style(self, expl.tier) or "bold")
        if expl.rank is not None:
            if expl.moved:
                t.append("  " + _("moved from {tier} on {day}").format(tier=shown(expl.moved[0]), day=day(expl.moved[2])))
            t.append("\n        ")
            t.append(_("high value") if expl.high_value else _("low value"), style="bold")
            t.append(_(", "))
            t.append(_("high potential") if expl.high_potential else _("low potential"), style="bold")
            t.append(f"\n        {expl.cut_text}", style="dim")
        else:
            t.append(f"  {expl.text}")
        t.append("\n")
        t.append(pad(_("Value"), 8), style="dim")
        t.append(f"{money(expl.current_value)}", style="bold")
        t.append("  " + _("potential") + " ", style="dim")
        source = _("(rated)") if expl.potential_rated else _("(from segment)")
        t.append(f"{expl.potential} {source}\n")
        if expl.next_tier:
            t.append(pad(pgettext("tier", "Next"), 8), style="dim")
            t.append(f"{expl.next_tier}\n")
        if d.stage:
            t.append(pad(_("Stage"), 8), style="dim")
            t.append(shown(d.stage), style="bold")
            if d.stage_rule:
                t.append(f" — {d.stage_rule}")
            t.append("\n")
        t.append(pad(_("Owed"), 8), style="dim")
        owed = d.balance_owed
        t.append(f"{money(owed, decimals=True) if owed else '0'}", style=named(self, "money--owed") if owed else "")
        if d.owed_on:
            listed = d.owed_on[: self.OWED_SHOWN]
            on = ", ".join(f"{ref} {money(amount - paid, decimals=True)}" for ref, _end, amount, paid in listed)
            t.append(" " + _("on {rentals}").format(rentals=on))
            if len(d.owed_on) > len(listed):
                t.append(" " + _("and {n} more").format(n=len(d.owed_on) - len(listed)))
        t.append("\n")
        if d.compensation:
            t.append(pad(_("Compens"), 8), style="dim")
            t.append(f"{money(d.compensation, decimals=True)} ({', '.join(d.compensated)})")
            t.append(_(": off value, not the balance") + "\n", style="dim")
        if d.next_follow_up:
            due = follow_up_due(d.next_follow_up, d.as_of)
            t.append(pad(_("Follow"), 8), style="dim")
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
        text.append(pad(_("Emotion"), 8), style="dim")
        text.append(f"{breakdown.score:.1f}", style=band_style(self, band) or "bold")
        if band:
            text.append(f" {shown(band)}")
        self.query_one("#emotion-score", Static).update(text)
        self.query_one("#trend", ScaledSparkline).data = [score for _week, score in d.trend]
        if d.trend:
            first, last = d.trend[0][1], d.trend[-1][1]
            n = len(d.trend)
            self.query_one("#trend-label", Static).update(
                _("{n} weeks: {first} → {last}").format(
                    n=n, first=f"{first:.1f}", last=f"{last:.1f}"))
        table = self.query_one("#breakdown", TextTable)
        table.clear()
        self._breakdown = {}
        _add(table, "base", what=_("baseline"), now=Text(f"{breakdown.baseline:.1f}", justify="right"))
        lines = sorted(breakdown.lines, key=lambda l: l.on, reverse=True)
        for i, line in enumerate(lines[: self.BREAKDOWN_ROWS]):
            self._breakdown[f"b{i}"] = line
            _add(table, f"b{i}", what=long_cell(line.what), date=day(line.on), now=self._signed(line.current))
        older = lines[self.BREAKDOWN_ROWS :]
        if older:
            # A customer with years of daily rentals: the oldest events are summed on one line.
            events = _("{n} older events").format(n=f"{len(older):,}")
            _add(table, "older", what=Text(events, style="italic"),
                 date=_("to {day}").format(day=day(older[0].on)), now=self._signed(sum(l.current for l in older)))
        _add(table, "total", what=Text(_("score"), style="bold"),
             now=Text(f"{breakdown.score:.1f}", justify="right", style="bold"))
        n, score = len(breakdown.lines), f"{breakdown.score:.1f}"
        title = _("Emotion breakdown · {n}").format(n=n)
        if self.has_class("-narrow"):  # the emotion box gives way: its score heads the breakdown
            title = (_("Emotion {score} {band} · {n}").format(score=score, band=shown(band), n=n) if band
                     else _("Emotion {score} · {n}").format(score=score, n=n))
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
            _add(table, key, date=row["day"], kind=Text(shown(kind), style=style), ref=row["ref"],
                 amount=Text(money(amount) if amount else "", justify="right"),
                 what=long_cell(timeline_what(row)))
        table.border_title = _("Timeline · {n}").format(n=len(rows))
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
        text.append(_("Archive {name} ({code})?").format(name=self._name, code=self.code) + "\n", style="bold")
        text.append(_("Off the board and the lists; its history is kept and it can be restored.") + "\n")
        if out:
            text.append("\n" + ngettext("{n} unit still out: {refs}", "{n} units still out: {refs}", len(out)).format(
                n=len(out), refs=_refs(out)), style=warn)
        if booked:
            text.append("\n" + ngettext("{n} booking to come: {refs}", "{n} bookings to come: {refs}", len(booked)).format(
                n=len(booked), refs=_refs(booked)), style=warn)
        if owed:
            text.append("\n" + _("{amount} still owed").format(amount=money(owed, decimals=True)), style=warn)

        def answered(yes: bool | None) -> None:
            if yes:
                self._archive()

        self.app.push_screen(ConfirmScreen(_("Archive customer"), text), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="archive")
    def _archive(self) -> None:
        from screens.store import writing
        from tracker.services import archive_customer

        app = self.app
        with writing(app.db_path) as conn:
            saved = archive_customer(conn, self.code, app.as_of)
        app.call_from_thread(
            app.after_write, saved,
            _("Archived {name}: off the board ({key} on its screen restores it)").format(
                name=saved.record.name, key=key_for(CUSTOMER, "restore")),
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
        app.call_from_thread(app.after_write, saved, _("Restored {name}: back on the board").format(name=saved.record.name))

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
            (_("Date"), row["day"]), (_("Kind"), shown(kind)), (_("Ref"), ref), (_("Status"), shown(row.get("status"))),
            (_("Amount"), money(row["amount"], decimals=True) if row.get("amount") else ""),
        ):
            if value:
                body.append(pad(label, 8), style="dim")
                body.append(f"{value}\n")
        body.append("\n")
        body.append(plain(timeline_what(row)))
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
            DetailScreen(f"{shown(kind)} {ref}", body, rental=rental, complaint=complaint, editable=True), then
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
        for label, value in (
            (_("Date"), day(line.on)), (_("Weight"), _("{weight} on the day").format(weight=f"{line.original:+.1f}")),
        ):
            body.append(pad(label, 8), style="dim")
            body.append(f"{value}\n")
        body.append(pad(_("Now"), 8), style="dim")
        body.append(self._signed(line.current))
        body.append(" " + _("as of {day}").format(day=day(self._detail.as_of) if self._detail else ""))
        self.app.push_screen(DetailScreen(_("Emotion breakdown line"), body))

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
        title = _("Visit brief: {name} ({code}) as of {day}").format(name=brief.name, code=brief.code, day=day(brief.as_of))
        self.app.push_screen(DetailScreen(title, body))

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
            what = t["what"] + (" " + _("(snoozed, due {day})").format(day=t["due"]) if t["snoozed_until"] else "")
            tasks.add_row(when, Text(shown(t["kind"]), style="bold" if t["kind"] == "promise" else ""), long_cell(what),
                          key=t["ref"])
        tasks.border_title = _("Tasks and promises · {n}").format(n=len(message.tasks))
        tasks.display = bool(message.tasks)
        contacts = self.query_one("#contacts", TextTable)
        current_contact = self._cursor_key(contacts)
        contacts.clear()
        for c in message.contacts:
            contacts.add_row(long_cell(c["name"]), long_cell(c["role"]), c["phone"], c["wechat"], c["birthday"] or "",
                             key=c["ref"])
        contacts.border_title = _("Contacts · {n}").format(n=len(message.contacts))
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
