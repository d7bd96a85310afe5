"""The words the tables hold, in one place for every layer: segments, statuses, kinds, categories, tiers.

The tables themselves are the migrations' (:mod:`db.migrations`); what each
column means is described once per entity in :mod:`tracker.records`. Money
columns hold integer cents; dates hold ISO ``YYYY-MM-DD`` text.
"""

from __future__ import annotations

from typing import Protocol


class Table(Protocol):
    """What the functions of :mod:`db` need to know of a business table."""

    @property
    def name(self) -> str:
        """The table's name."""

    @property
    def key(self) -> str:
        """The column holding each record's natural key."""

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column, in canonical (CSV) order."""


SEGMENTS = ("large", "small", "prospect")
CONTACT_GRADES = ("H", "A", "B", "C", "P")
RENTAL_STATUSES = ("quote", "booked", "on-rent", "returned", "cancelled")
#: Rental statuses that count (for value, stage and availability).
COUNTING_STATUSES = ("booked", "on-rent", "returned")
#: :data:`COUNTING_STATUSES` as an SQL list, for ``status IN {COUNTING_SQL}``.
COUNTING_SQL = "(" + ", ".join(f"'{s}'" for s in COUNTING_STATUSES) + ")"
COMPLAINT_CATEGORIES = (
    "attitude", "overcharge", "waiting", "quality", "broken-promise",
    "not-fixed-first-time", "warranty", "after-sales", "advertising", "unfounded",
)
COMPLAINT_STATUSES = ("open", "resolved")
INTERACTION_KINDS = ("call", "message", "visit", "event", "project", "honour", "gift", "friction")
EQUIPMENT_CATEGORIES = ("scissor", "boom", "spider", "mast", "other")
EQUIPMENT_STATUSES = ("available", "maintenance", "retired")
TIERS = ("platinum", "gold", "iron", "lead")
PAYMENT_METHODS = ("cash", "transfer", "wechat", "alipay", "card", "cheque", "other")
UPKEEP_KINDS = ("inspection", "service", "repair")
#: A next action the owner set himself on a customer, or a promise made to the customer.
TASK_KINDS = ("task", "promise")
#: How satisfied a customer said it was on a return visit (the seeds' scale), worst first.
SATISFACTION_RATINGS = ("not-satisfied", "ok", "satisfied", "very-satisfied")
#: Columns a table holds beyond its entity's described ones, made from them (never imported or
#: exported): a customer's name in pinyin (by rentrack's writes, tracker.names), and a return
#: visit's customer, its rental's (by triggers, migration 11).
DERIVED_COLUMNS = {"customers": ("name_pinyin",), "return_visits": ("customer",)}


def out_on(day: str = ":as_of", alias: str = "") -> str:
    """SQL for a rental out on the day *day* (a parameter): on rent, and started by then.

    A rental on rent is out until it is returned, whatever its end date; one
    starting after the day is not out on it. Every count of units on rent
    (the board, the rentals list, the equipment list) reads this.
    """
    a = f"{alias}." if alias else ""
    return f"{a}status = 'on-rent' AND {a}start_date <= {day}"


def busy_until(alias: str = "") -> str:
    """SQL for the last day a rental holds its unit: its end date, or for one still on rent at
    least ``:today`` (a unit that has not come back is out until it is returned)."""
    a = f"{alias}." if alias else ""
    return f"(CASE WHEN {a}status = 'on-rent' AND {a}end_date < :today THEN :today ELSE {a}end_date END)"


#: :func:`out_on` the day ``:as_of``.
OUT_SQL = out_on()
