"""Records: one description per entity, and the validation and checks every writer shares.

- :mod:`tracker.records.kinds`: how a column's values are read, stored and written.
- :mod:`tracker.records.entity`: :class:`Column` and :class:`Entity`, the description.
- :mod:`tracker.records.entities`: the entities, described.
- :mod:`tracker.records.validation`: raw text into a valid record, one record's rules.
- :mod:`tracker.records.checks`: what needs other records, inside the write transaction.
"""

from tracker.records.entities import (
    COMPLAINTS,
    CONTACTS,
    CUSTOMERS,
    ENTITIES,
    EQUIPMENT,
    INTERACTIONS,
    RENTALS,
    TASKS,
    Complaint,
    Contact,
    Customer,
    Equipment,
    Interaction,
    Record,
    Rental,
    Task,
    rental_days,
)
from tracker.records.entity import Column, Entity
from tracker.records.kinds import ParseOptions
from tracker.records.validation import (
    FieldError,
    ValidationError,
    derive_key,
    from_row,
    not_yet_happened,
    to_row,
    to_text,
    validate,
    validate_row,
)

__all__ = [
    "COMPLAINTS", "CONTACTS", "CUSTOMERS", "ENTITIES", "EQUIPMENT", "INTERACTIONS", "RENTALS", "TASKS", "Column",
    "Complaint", "Contact", "Customer", "Entity", "Equipment", "FieldError", "Interaction", "ParseOptions", "Record",
    "Rental", "Task", "ValidationError", "derive_key", "from_row", "not_yet_happened", "to_row", "to_text", "validate",
    "rental_days", "validate_row",
]
