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
