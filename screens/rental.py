"""One rental: customer, unit, dates, money, its payments and deposits, and the keys that move it on."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from screens.actions import RENTAL, bindings
from screens.format import money, named, pad, plain
from screens.live import LiveScreen
from screens.widgets.footer import Footer
from screens.widgets.text_table import TextTable
from tracker.i18n import N_, _, pgettext
from tracker.records import rental_days
from tracker.words import shown

#: (label, key, width) of the payments' and the deposits' columns.
PAYMENT_COLUMNS = ((N_("Date"), "date", 10), (N_("Ref"), "ref", 6), (N_("Amount"), "amount", 10),
                   (N_("Method"), "method", 8), (N_("Note"), "note", 20))
DEPOSIT_COLUMNS = ((N_("Ref"), "ref", 6), (N_("Taken"), "taken", 10), (N_("Amount"), "amount", 9),
                   (N_("Returned"), "returned", 10), (N_("Kept"), "kept", 8), (N_("Reason"), "reason", 16))


class RentalScreen(LiveScreen):
    """Everything about one rental (who, what, when; its money; payments and deposits), and the actions on it."""

    CSS_PATH = "rental.tcss"
    #: Named styles (app.tcss colours them).
    COMPONENT_CLASSES = {"money--owed", "rental--late"}
    BINDINGS = bindings(RENTAL)

    class _Loaded(Message):
        def __init__(self, rental: dict[str, Any] | None) -> None:
            super().__init__()
            self.rental = rental

    class _Refused(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref
        self.rental: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="rental-top"):
            yield Static(_("Loading…"), id="rental-info")
            yield Static("", id="rental-sums")
        yield Static("", id="rental-message", markup=False)
        with Horizontal(id="rental-money"):
            yield TextTable(id="payments", cursor_type="row")
            yield TextTable(id="deposits", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("Rental {ref}").format(ref=self.ref)
        payments = self.query_one("#payments", TextTable)
        payments.border_title = _("Payments")
        for label, key, width in PAYMENT_COLUMNS:
            payments.add_column(_(label), key=key, width=width)
        deposits = self.query_one("#deposits", TextTable)
        deposits.border_title = _("Deposits")
        for label, key, width in DEPOSIT_COLUMNS:
            deposits.add_column(_(label), key=key, width=width)
        payments.focus()
        self.data_changed()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="rental")
    def _load(self) -> None:
        from screens.store import reading
        from tracker.views import rental_detail

        with reading(self.app.db_path) as conn:
            rental = rental_detail(conn, self.ref)
        if not get_current_worker().is_cancelled:
            self.post_message(self._Loaded(rental))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        self.rental = r = message.rental
        info = self.query_one("#rental-info", Static)
        if r is None:
            info.update(plain(_("No rental {ref}.").format(ref=self.ref)))
            return
        info.update(self._info(r))
        self.query_one("#rental-sums", Static).update(self._sums(r))
        payments = self.query_one("#payments", TextTable)
        payments.clear()
        for p in r["payments"]:
            payments.add_row(p["date"], p["ref"], Text(money(p["amount"], decimals=True), justify="right"),
                             shown(p["method"]), p["note"], key=p["ref"])
        payments.border_title = _("Payments · {n}").format(n=len(r["payments"]))
        deposits = self.query_one("#deposits", TextTable)
        deposits.clear()
        for d in r["deposits"]:
            deposits.add_row(d["ref"], d["taken_on"], Text(money(d["amount"], decimals=True), justify="right"),
                             d["returned_on"] or _("held"), Text(money(d["kept"]) if d["kept"] else "", justify="right"),
                             d["reason"], key=d["ref"])
        deposits.border_title = _("Deposits · {n}").format(n=len(r["deposits"]))

    def _info(self, r: dict[str, Any]) -> Text:
        t = Text()
        t.append(_("Rental {ref}").format(ref=r["ref"]), style="bold")
        t.append(f"  {shown(r['status'])}\n", style="bold")

        def line(label: str, value: str, style: str | Any = "") -> None:
            t.append(pad(label, 10), style="dim")
            t.append(f"{value}\n", style=style)

        line(_("Customer"), f"{r['customer_name']} ({r['customer']})")
        line(_("Unit"), f"{r['equipment']} {r['equipment_name'] or ''}".strip() if r["equipment"] else _("none"))
        days = rental_days(date.fromisoformat(r["start_date"]), date.fromisoformat(r["end_date"]))
        late = r["status"] == "on-rent" and r["end_date"] < self.as_of.isoformat()
        dates = _("{start} to {end} ({n} days)").format(
            start=r["start_date"], end=r["end_date"], n=days)
        line(_("Dates"), dates + (" · " + _("overdue") if late else ""), named(self, "rental--late") if late else "")
        if r["returned_on"]:
            line(pgettext("date", "Returned"), r["returned_on"])
        if r["site"]:
            line(_("Site"), r["site"])
        if r["notes"]:
            t.append(f"{r['notes']}\n", style="italic")
        t.rstrip()
        return t

    def _sums(self, r: dict[str, Any]) -> Text:
        """The rental's money: rate, amount, cost, paid, the balance owed, deposits held."""
        t = Text()

        def line(label: str, cents: int, style: str | Any = "") -> None:
            t.append(pad(label, 10), style="dim")
            t.append(f"{money(cents, decimals=True) if cents else '0'}\n", style=style)

        from tracker.rules.benefits import recorded_discount

        if r["daily_rate"] is not None:
            line(_("Rate/day"), r["daily_rate"])
        discount = recorded_discount(r["notes"])
        if discount is not None:  # the amount before the tier's discount stays in view
            line(_("Before"), discount.before)
            t.append(pad(_("Discount"), 10), style="dim")
            t.append(f"-{money(discount.taken, decimals=True)} ({shown(discount.tier)} {discount.pct:g}%)\n")
        line(_("Amount"), r["amount"])
        line(_("Cost"), r["cost"])
        line(_("Paid"), r["paid"])
        owed = r["amount"] - r["paid"]
        line(_("Balance"), owed, named(self, "money--owed") if owed > 0 else "")
        held = sum(d["amount"] for d in r["deposits"] if d["returned_on"] is None)
        if held:
            t.append(pad(_("Deposit"), 10), style="dim")
            t.append(_("{amount} held").format(amount=money(held, decimals=True)) + "\n")
        t.rstrip()
        return t

    # --- what the app's keys act on --------------------------------------------------

    def form_customer(self) -> str | None:
        """Rentals, complaints and interactions logged from here are for this rental's customer."""
        return self.rental["customer"] if self.rental else None

    def selected_rental(self) -> str | None:
        """The rental ``m`` marks returned: this one."""
        return self.ref

    # --- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def _refused_move(self, to: str) -> bool:
        """Say so and return True when the rental cannot move to *to* from where it is."""
        from tracker.rules.rental_flow import refused_move

        if self.rental is None:
            return True
        why = refused_move(self.rental["status"], to)
        if why is not None:
            self.post_message(self._Refused(why))
        return why is not None

    def action_set_status(self, status: str) -> None:
        """Move the rental to *status*; the checks of a save run (a unit double-booked, out of service)."""
        if self._refused_move(status):
            return
        self.query_one("#rental-message", Static).update("")
        self._set_status(status)

    def action_mark_returned(self) -> None:
        """The mark-returned form, for this rental."""
        if not self._refused_move("returned"):
            self.app.action_mark_returned()

    def action_cancel_rental(self) -> None:
        from screens.confirm import ConfirmScreen

        if self._refused_move("cancelled"):
            return
        r = self.rental
        assert r is not None

        def answered(yes: bool | None) -> None:
            if yes:
                self.action_set_status("cancelled")

        self.app.push_screen(
            ConfirmScreen(_("Cancel rental"), _("Cancel rental {ref} of {name} ({start} to {end})?").format(
                ref=r["ref"], name=r["customer_name"], start=r["start_date"], end=r["end_date"])),
            answered,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def _set_status(self, status: str) -> None:
        from screens.store import writing
        from tracker import services
        from tracker.records import ParseOptions, ValidationError
        from tracker.rules.benefits import discount_taken_text, newly_taken
        from tracker.rules.rental_flow import MOVES

        app = self.app
        word = MOVES[status]
        before = self.rental or {}
        try:
            with writing(app.db_path) as conn:
                saved = services.update(
                    conn, "rentals", self.ref, {"status": status},
                    options=ParseOptions(relative=True, today=app.as_of), summary=f"{word} rental {self.ref}",
                    benefit=app.benefit_for(before.get("customer") or ""),
                )
        except ValidationError as exc:
            self.post_message(self._Refused("; ".join(e.message for e in exc.errors)))
            return
        taken = newly_taken(before.get("notes"), saved.record.notes)
        said = f" · {discount_taken_text(taken)}" if taken else ""
        app.call_from_thread(app.after_write, saved, _("Rental {ref}: {status}").format(ref=self.ref, status=shown(status)) + said)

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        text = _("Not changed: {reason}").format(reason=message.text)
        self.query_one("#rental-message", Static).update(text)
        self.notify(text, severity="error", markup=False)

    def action_edit(self) -> None:
        from screens.forms.rental import RentalForm

        self.app.open_form(RentalForm(ref=self.ref))

    def action_record_payment(self) -> None:
        from screens.forms.payment import PaymentForm

        self.app.open_form(PaymentForm(rental=self.ref))

    def action_take_deposit(self) -> None:
        from screens.forms.deposit import DepositForm

        self.app.open_form(DepositForm(rental=self.ref, customer=self.form_customer()))

    def action_return_deposit(self) -> None:
        from screens.forms.deposit_return import DepositReturnForm

        self.app.open_form(DepositReturnForm(rental=self.ref))

    def action_log_visit(self) -> Any:
        """The return-visit form, for this rental once it is back."""
        from screens.forms.visit import VisitForm

        if self.rental is None:
            return None
        if self.rental["status"] != "returned":
            self.post_message(self._Refused(_("rental {ref} is {status}: a return visit follows a return").format(
                ref=self.ref, status=shown(self.rental["status"]))))
            return None
        return self.app.open_form(VisitForm(rental=self.ref))
