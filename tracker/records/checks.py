"""Checks that need other records, run inside the write transaction over the rows about to be written.

The rows are staged first (:mod:`db.bulk`: one row for a save from the app,
a whole file for an import) and checked by the same set-based SQL, with the
same messages, before anything is written: a code that names no record, a
record belonging to another customer, a unit already out on those days (or
still out on a rental past its end date and not returned), a customer's
money past what the board can add up. Because they run after the
write lock is taken, no other writer can slip a conflicting row in between.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from db import bulk
from db.writes import get_row
from tracker.cents import cents_to_text
from tracker.i18n import _, ngettext
from tracker.parse import MAX_CENTS, MAX_CUSTOMER_CENTS, shown
from tracker.records.entities import ENTITIES, PAYMENTS, RENTALS, RETURN_VISITS
from tracker.records.entity import Entity
from tracker.words import shown as word


@dataclass(frozen=True, order=True)
class Problem:
    """A staged row that cannot be written: its line, the column at fault, and why."""

    line: int
    column: str
    message: str


def _references(conn: sqlite3.Connection, entity: Entity) -> list[Problem]:
    out = []
    for c in entity.references():
        target = ENTITIES[c.references]
        for line, value in bulk.missing_references(
            conn, c.name, target.name, target.key, same_table=target is entity
        ):
            out.append(Problem(line, c.name, _no_such(target, value)))
        owner = target.customer
        if entity.customer and owner and target is not entity and c.name != entity.customer:
            for line, value, whose in bulk.other_owners(conn, c.name, target.name, target.key, owner,
                                                       entity.customer):
                out.append(Problem(line, c.name, _("{thing} {value} belongs to {owner}").format(
                    thing=_(target.singular), value=shown(value), owner=shown(whose))))
    return out


def _no_such(target: Entity, value: object) -> str:
    if target.key == "code":
        return _("no {thing} with code {value}").format(thing=_(target.singular), value=shown(value))
    return _("no {thing} with ref {value}").format(thing=_(target.singular), value=shown(value))


def missing_references(conn: sqlite3.Connection, entity: Entity, values: dict[str, object]) -> list[Problem]:
    """The references among *values* (the fields of a record that did read) naming no record.

    For a record refused for other reasons, so that it is told every mistake at once; the
    full checks (:func:`check_staged`) run when the record reads.
    """
    out = []
    for c in entity.references():
        value = values.get(c.name)
        target = ENTITIES[c.references]
        if value is not None and get_row(conn, target, str(value)) is None and target is not entity:
            out.append(Problem(1, c.name, _no_such(target, value)))
    return out


def _units_free(conn: sqlite3.Connection, stored: bool, today: date) -> list[Problem]:
    """A unit may be on one counting rental at a time: the staged row overlapping another is refused.

    A rental on rent past its end date has not come back: its unit is out
    until it is returned, so to at least *today*.
    """
    out: dict[int, Problem] = {}
    on = today.isoformat()
    for later, earlier in bulk.double_bookings(conn, stored=stored, today=on):
        if later.line is None and earlier.line is None:
            continue  # an overlap already stored (older data): not these rows' doing
        row, other = (later, earlier) if later.line is not None else (earlier, later)
        assert row.line is not None
        if other is earlier and other.still_out(later.start_date):
            who = other.customer_name or other.customer
            if other.line is None:
                text = _("{unit} is still out on rental {ref} ({customer}, due back {end}, not returned)")
            else:
                text = _("{unit} is still out on rental {ref} ({customer}, due back {end}, not returned, line {line})")
            message = text.format(unit=shown(row.equipment), ref=shown(other.ref), customer=shown(who),
                                  end=other.end_date, line=other.line)
        else:
            if other.line is None:
                text = _("{unit} is already out on rental {ref} ({customer}, {start} to {end})")
            else:
                text = _("{unit} is already out on rental {ref} ({customer}, {start} to {end}, line {line})")
            message = text.format(unit=shown(row.equipment), ref=shown(other.ref), customer=shown(other.customer),
                                  start=other.start_date, end=other.end_date, line=other.line)
        out.setdefault(row.line, Problem(row.line, "equipment", message))
    return sorted(out.values())


def _money(cents: int) -> str:
    return cents_to_text(cents, thousands=True)


def _rentals(conn: sqlite3.Connection, stored: bool, today: date) -> list[Problem]:
    """A rental's unit must be free and in service; what it says was paid covers its payments."""
    found = _units_free(conn, stored, today)
    for line, unit, status, due in bulk.units_out_of_service(conn, today=today.isoformat()):
        if status == "maintenance":
            why = _("{unit} is in maintenance: it cannot go out until it is back in service").format(unit=shown(unit))
        elif status != "available":
            why = _("{unit} is {status}: it cannot go out until it is back in service").format(
                unit=shown(unit), status=word(status))
        else:
            why = _("{unit}'s inspection is due {due}, before this rental: log the inspection first").format(
                unit=shown(unit), due=due)
        found.append(Problem(line, "equipment", why))
    for line, ref, paid, payments in bulk.paid_below_payments(conn):
        found.append(Problem(line, "paid", _("payments of {payments} are recorded for {ref}:"
                                             " it cannot have been paid only {paid}").format(
            payments=_money(payments), ref=shown(ref), paid=_money(paid))))
    return found


def _payments(conn: sqlite3.Connection, stored: bool, today: date) -> list[Problem]:
    """A payment cannot take what its rental was paid past its amount."""
    found = []
    for line, rental, amount, paid, running in bulk.overpayments(conn):
        owed = amount - paid
        found.append(Problem(
            line, "amount",
            _("{rental} owes {owed} ({amount} less {paid} paid): this comes to {running}, {more} more").format(
                rental=shown(rental), owed=_money(owed), amount=_money(amount), paid=_money(paid),
                running=_money(running), more=_money(running - owed)),
        ))
    return found


def _return_visits(conn: sqlite3.Connection, stored: bool, today: date) -> list[Problem]:
    """A return visit follows a rental that came back, on or after the day it did."""
    found = []
    for line, rental, status, back in bulk.visits_before_return(conn):
        if status != "returned":
            found.append(Problem(line, "rental", _("{rental} is {status}, not returned: visit after it is back").format(
                rental=shown(rental), status=word(status))))
        else:
            found.append(Problem(line, "date", _("is before {rental} came back ({back})").format(
                rental=shown(rental), back=back)))
    return found


#: Checks particular to an entity, beyond the references and sums every entity's description gives.
_PARTICULAR: dict[str, Callable[[sqlite3.Connection, bool, date], list[Problem]]] = {
    RENTALS.name: _rentals,
    PAYMENTS.name: _payments,
    RETURN_VISITS.name: _return_visits,
}


def _blank_costs(conn: sqlite3.Connection) -> list[Problem]:
    """A rental's blank cost is its unit's daily cost x its days: filled, or refused when too large."""
    bound = cents_to_text(MAX_CENTS, thousands=True)
    return [
        Problem(line, "cost", ngettext(
            "unit {unit}'s daily cost {rate} x {days} day comes to {cost}, over the most one amount can be ({most})",
            "unit {unit}'s daily cost {rate} x {days} days comes to {cost}, over the most one amount can be ({most})",
            days).format(unit=shown(unit), rate=cents_to_text(rate, thousands=True), days=f"{days:,}",
                         cost=cents_to_text(cost, thousands=True), most=bound))
        for line, unit, rate, days, cost in bulk.blank_costs_over(conn, MAX_CENTS)
    ]


#: What the staged rows of an entity may leave for other records to fill: the column, the rows that
#: cannot be filled, and the fill.
_FILLS: dict[str, tuple[str, Callable[[sqlite3.Connection], list[Problem]], Callable[[sqlite3.Connection], None]]] = {
    RENTALS.name: ("cost", _blank_costs, bulk.fill_blank_costs),
}


def fill_staged(conn: sqlite3.Connection, entity: Entity, *, refuse: Callable[[list[Problem]], None]) -> None:
    """Fill what the staged rows of *entity* leave blank for other records to decide (a rental's cost:
    its unit's daily cost x its days), the app's one row and a file's alike.

    Rows that cannot be filled go to *refuse*, which must unstage them. Run
    before :func:`check_staged`, whose money totals count what is filled.
    """
    fills = _FILLS.get(entity.name)
    if fills is None:
        return
    column, problems, fill = fills
    if not bulk.any_blank(conn, column):  # a file giving every cost: one pass, nothing to do
        return
    found = problems(conn)
    if found:
        refuse(found)
    fill(conn)


def _totals(conn: sqlite3.Connection, entity: Entity, stored: bool) -> list[Problem]:
    bound = cents_to_text(MAX_CUSTOMER_CENTS, thousands=True)
    return [
        Problem(
            line, column,
            _("with this row, customer {customer}'s {what} over all their {records} comes to about {total},"
              " over the most one customer's can add up to ({most})").format(
                customer=shown(customer), what=entity.shown_label(column), records=_(entity.plural),
                total=f"{total / 100:,.0f}", most=bound),
        )
        for line, column, customer, total in bulk.totals_over(
            conn, entity, entity.summed, MAX_CUSTOMER_CENTS, stored=stored, most=MAX_CENTS
        )
    ]


def check_staged(
    conn: sqlite3.Connection,
    entity: Entity,
    *,
    stored: bool,
    refuse: Callable[[list[Problem]], None],
    today: date | None = None,
) -> None:
    """Check the staged rows of *entity* against the stored records and each other.

    *stored* says whether the table holds any rows; *today* (default the
    real today) is the day bookings are judged against: a unit still on rent
    is out until then at least, and one out of service cannot be booked from
    then on. Each round's problems go to *refuse*, which must unstage their
    rows: refusing a row can settle or expose another (a rental naming a
    customer refused higher up), so the rounds repeat until none is found.
    The money totals come last, over the rows that are left.
    """
    today = today or date.today()
    particular = _PARTICULAR.get(entity.name)
    for _round in range(100):
        found = _references(conn, entity)
        if particular is not None:
            found += particular(conn, stored, today)
        if not found:
            break
        refuse(sorted(found))
    totals = _totals(conn, entity, stored)
    if totals:
        refuse(totals)


def key_problems(conn: sqlite3.Connection, entity: Entity, *, derived: bool) -> list[Problem]:
    """Keys staged more than once: every row but the first of each is named, with where the others are.

    *derived* says the keys were derived from the rows (no key column in the file).
    """
    out = []
    what = (_("{names} and {last}").format(names=", ".join(entity.derived_key[:-1]), last=entity.derived_key[-1])
            if entity.derived_key else "")
    for value, lines in bulk.duplicate_keys(conn, entity):
        for n in lines:
            others = ", ".join(str(m) for m in lines if m != n)
            if derived:  # no column to name: say what repeats
                out.append(Problem(n, "", ngettext("the same {what} are also on line {lines}",
                                                   "the same {what} are also on lines {lines}",
                                                   len(lines) - 1).format(what=what, lines=others)))
            else:
                out.append(Problem(n, entity.key, ngettext("{value} is also on line {lines}",
                                                           "{value} is also on lines {lines}",
                                                           len(lines) - 1).format(value=shown(value), lines=others)))
    return out

