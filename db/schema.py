"""Table layout shared by migrations, writes and CSV import/export.

Each entity has a natural key and a fixed column order (the canonical CSV order).
Money columns hold integer cents; dates hold ISO ``YYYY-MM-DD`` text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entity:
    """One business table: its name, natural key and canonical columns."""

    name: str
    key: str
    columns: tuple[str, ...]
    money: frozenset[str] = frozenset()

    @property
    def singular(self) -> str:
        """The entity's name for one record ("customer")."""
        return self.name[:-1]


CUSTOMERS = Entity(
    "customers",
    "code",
    (
        "code", "name", "segment", "industry", "phone", "email", "wechat", "city",
        "address", "referred_by", "potential", "contact_grade", "partner", "notes",
        "created_on", "archived_on",
    ),
)
EQUIPMENT = Entity(
    "equipment",
    "code",
    ("code", "name", "category", "height_m", "daily_rate", "status", "notes"),
    money=frozenset({"daily_rate"}),
)
RENTALS = Entity(
    "rentals",
    "ref",
    (
        "ref", "customer", "equipment", "start_date", "end_date", "returned_on",
        "daily_rate", "amount", "cost", "paid", "site", "status", "notes",
    ),
    money=frozenset({"daily_rate", "amount", "cost", "paid"}),
)
COMPLAINTS = Entity(
    "complaints",
    "ref",
    (
        "ref", "customer", "rental", "opened_on", "category", "severity",
        "description", "status", "resolved_on", "resolution", "compensation",
    ),
    money=frozenset({"compensation"}),
)
INTERACTIONS = Entity(
    "interactions",
    "ref",
    ("ref", "customer", "date", "kind", "note"),
)

#: Entities in dependency order: each may refer only to those before it.
ENTITIES: dict[str, Entity] = {
    e.name: e for e in (CUSTOMERS, EQUIPMENT, RENTALS, COMPLAINTS, INTERACTIONS)
}

SEGMENTS = ("large", "small", "prospect")
CONTACT_GRADES = ("H", "A", "B", "C", "P")
RENTAL_STATUSES = ("quote", "booked", "on-rent", "returned", "cancelled")
#: Rental statuses that count for value, stage and availability.
COUNTING_STATUSES = ("booked", "on-rent", "returned")
COMPLAINT_CATEGORIES = (
    "attitude", "overcharge", "waiting", "quality", "broken-promise",
    "not-fixed-first-time", "warranty", "after-sales", "advertising", "unfounded",
)
COMPLAINT_STATUSES = ("open", "resolved")
INTERACTION_KINDS = ("call", "message", "visit", "event", "project", "honour", "gift", "friction")
EQUIPMENT_CATEGORIES = ("scissor", "boom", "spider", "mast", "other")
EQUIPMENT_STATUSES = ("available", "maintenance", "retired")
TIERS = ("platinum", "gold", "iron", "lead")
