"""What to know before visiting a customer, as plain data: the customer screen and ``rentrack brief`` render it.

Its open promises and tasks, its open complaints, its last contacts
(interactions), its tier with the distance to the next one and the tier's
benefits, what it gained with us over the value window ("this year": rentals,
days rented, what its benefits saved it) and its contacts' birthdays in the
next :data:`BIRTHDAY_DAYS` days.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from db import brief_queries as bq
from db import task_queries as tq
from tracker.board import Board
from tracker.board.detail import customer_and_board
from tracker.cents import cents_to_text
from tracker.i18n import _, ngettext
from tracker.records import rental_days
from tracker.rules.benefits import benefit_of, benefit_text, next_steps, next_tier_text, recorded_discount
from tracker.rules.tasks import next_birthday
from tracker.words import shown

#: Birthdays this many days ahead (today included) are in the brief.
BIRTHDAY_DAYS = 30
#: The latest interactions the brief names.
LAST_CONTACTS = 5


@dataclass(frozen=True)
class Gained:
    """What a customer gained with us over the value window."""

    rentals: int
    days: int
    #: Cents its benefits took off its rentals (the discounts their notes record).
    savings: int


@dataclass(frozen=True)
class VisitBrief:
    """One customer's visit brief, as of a day."""

    as_of: date
    code: str
    name: str
    #: None for an archived customer (off the board).
    tier: str | None
    next_tier: str
    benefit: str
    #: Open tasks and promises: ref, kind, what, due, comes_up, note.
    tasks: list[dict[str, Any]] = field(default_factory=list)
    #: Open complaints: ref, opened_on, category, severity, description, days_open.
    complaints: list[dict[str, Any]] = field(default_factory=list)
    #: The last interactions, newest first: ref, date, kind, note.
    contacts: list[dict[str, Any]] = field(default_factory=list)
    gained: Gained = Gained(0, 0, 0)
    #: Contacts' birthdays in the next :data:`BIRTHDAY_DAYS` days, soonest first: name, role, phone, day, in_days.
    birthdays: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values (dates as ISO text, money in currency units)."""
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        out["gained"]["savings"] = round(self.gained.savings / 100, 2)
        return out


def visit_brief(conn: sqlite3.Connection, code: str, as_of: date | None = None, *,
                board: Board | None = None) -> VisitBrief:
    """The visit brief of customer *code* as of *as_of* (default today); *board* is that day's board if at hand.

    Raises :class:`UnknownCustomer` for an unknown code.
    """
    profile, as_of, board = customer_and_board(conn, code, as_of, board)
    settings = board.settings
    row = board.row(code)
    t = as_of.isoformat()
    if row is None:
        tier, next_text, benefit = None, "", ""
    else:
        tier = row.tier
        next_text = next_tier_text(tier, next_steps(tier, row.current_value, row.potential, board.cut, settings))
        benefit = benefit_text(benefit_of(tier, settings))
    tasks = [{k: task[k] for k in ("ref", "kind", "what", "due", "comes_up", "note")}
             for task in tq.tasks(conn, as_of=t, customer=code)]
    complaints = [c | {"days_open": (as_of - date.fromisoformat(c["opened_on"])).days}
                  for c in bq.open_complaints(conn, code, as_of=t)]
    since = (as_of - timedelta(days=settings.value_window_days)).isoformat()
    rentals = bq.rentals_started(conn, code, after=since, as_of=t)
    days = sum(rental_days(date.fromisoformat(r["start_date"]), date.fromisoformat(r["end_date"])) for r in rentals)
    savings = sum(d.taken for r in rentals if (d := recorded_discount(r["notes"])) is not None)
    birthdays = []
    for c in bq.contact_birthdays(conn, code):
        when = next_birthday(date.fromisoformat(c["birthday"]), as_of)
        if (when - as_of).days < BIRTHDAY_DAYS:
            birthdays.append({"name": c["name"], "role": c["role"], "phone": c["phone"], "day": when.isoformat(),
                              "in_days": (when - as_of).days})
    birthdays.sort(key=lambda b: (b["day"], b["name"]))
    return VisitBrief(
        as_of=as_of, code=code, name=profile["name"], tier=tier, next_tier=next_text, benefit=benefit,
        tasks=tasks, complaints=complaints,
        contacts=bq.last_interactions(conn, code, as_of=t, limit=LAST_CONTACTS),
        gained=Gained(len(rentals), days, savings), birthdays=birthdays,
    )


def _in_days(n: int) -> str:
    if n == 0:
        return _("today")
    if n == 1:
        return _("tomorrow")
    return ngettext("in {n} day", "in {n} days", n).format(n=n)


def brief_sections(b: VisitBrief) -> list[tuple[str, list[str]]]:
    """The brief as (heading, lines) sections, the way the screen and ``rentrack brief`` show it."""
    if not b.tier:
        standing = [_("archived: off the board")]
    elif b.next_tier:
        standing = [_("{tier} · {next}").format(tier=shown(b.tier), next=b.next_tier)]
    else:
        standing = [shown(b.tier)]
    if b.benefit:
        standing.append(b.benefit)
    promises = [
        (_("{kind} {ref}: {what} (due {due}, comes up {up})") if t["comes_up"] != t["due"]
         else _("{kind} {ref}: {what} (due {due})")).format(
            kind=shown(t["kind"]), ref=t["ref"], what=t["what"], due=t["due"], up=t["comes_up"])
        for t in b.tasks
    ]
    complaints = [
        (_("{ref} {category}, severity {severity}, open {days} days: {description}") if c["description"]
         else _("{ref} {category}, severity {severity}, open {days} days")).format(
            ref=c["ref"], category=shown(c["category"]), severity=c["severity"], days=c["days_open"],
            description=c["description"])
        for c in b.complaints
    ]
    contacts = [
        (_("{day} {kind}: {note}") if c["note"] else _("{day} {kind}")).format(
            day=c["date"], kind=shown(c["kind"]), note=c["note"])
        for c in b.contacts
    ]
    g = b.gained
    gained = [_("{rentals}, {days}, {saved} saved by its benefits").format(
        rentals=ngettext("{n} rental", "{n} rentals", g.rentals).format(n=g.rentals),
        days=ngettext("{n} day rented", "{n} days rented", g.days).format(n=g.days),
        saved=cents_to_text(g.savings, thousands=True))]
    birthdays = [
        _("{day} ({when}) {name}").format(day=p["day"], when=_in_days(p["in_days"]), name=p["name"])
        + (f", {p['role']}" if p["role"] else "")
        + (f" · {p['phone']}" if p["phone"] else "")
        for p in b.birthdays
    ]
    return [
        (_("Tier"), standing),
        (_("Open promises and tasks"), promises or [_("none")]),
        (_("Open complaints"), complaints or [_("none")]),
        (_("Last contacts"), contacts or [_("none")]),
        (_("This year with us"), gained),
        (_("Birthdays in the next {n} days").format(n=BIRTHDAY_DAYS), birthdays or [_("none")]),
    ]


def brief_lines(b: VisitBrief) -> list[str]:
    """The brief as plain lines: a title, then each section's heading and its lines."""
    out = [_("Visit brief: {name} ({code}) as of {day}").format(name=b.name, code=b.code, day=b.as_of.isoformat())]
    for heading, lines in brief_sections(b):
        out += ["", heading, *(f"  {line}" for line in lines)]
    return out
