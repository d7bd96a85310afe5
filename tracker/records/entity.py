"""One description per entity: its record class, columns, key, references and rules.

A record class is a frozen dataclass whose fields, in canonical CSV order,
are declared with :func:`column`: the field's kind, whether a new record must
have it, the other names a spreadsheet may give it, the entity it refers to
and the words the owner reads for it. :func:`describe` turns the class and
the entity-wide facts into an :class:`Entity`, which the validators, the
storage conversions, the CSV header map, the exporter, the cross-record
checks and the forms all read. Adding an entity is one description and one
migration.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tracker.i18n import _
from tracker.records.kinds import Kind

#: No default: a new record must give the column (or it is derived, as a rental's amount).
MISSING: Any = dataclasses.MISSING


@dataclass(frozen=True)
class Column:
    """One column of an entity, as every layer sees it."""

    name: str
    kind: Kind
    required: bool
    nullable: bool
    default: Any
    default_factory: Callable[[], Any] | None
    aliases: tuple[str, ...]
    references: str | None
    #: The owner's words for the column, in English, marked for the catalogue (``N_``): show it with ``_(label)``.
    label: str

    def default_value(self) -> Any:
        """The value a new record takes when the column is not given."""
        if self.default_factory is not None:
            return self.default_factory()
        return None if self.default is MISSING else self.default


def column(
    kind: Kind,
    *,
    required: bool = False,
    default: Any = MISSING,
    factory: Callable[[], Any] | None = None,
    aliases: tuple[str, ...] = (),
    references: str | None = None,
    label: str | None = None,
) -> Any:
    """Declare a record field as a column (used as the field's default in the record class).

    A column whose default is None may be blank (NULL); one with no default
    and not *required* is filled by the entity's rules (a rental's amount).
    *references* names the entity whose key the column holds. *label* is
    what the owner reads for it in messages (default: the name, with spaces):
    give it marked, ``label=N_("start")``, and show it translated, ``_(column.label)``.
    """
    spec = {"kind": kind, "required": required, "aliases": aliases, "references": references, "label": label}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata={"column": spec})
    return dataclasses.field(default=default, metadata={"column": spec})


#: A rule across the fields of one record: (values, given fields, updating) -> problems.
Rule = Callable[[dict[str, Any], set[str], bool], list[Any]]


@dataclass(frozen=True)
class Entity:
    """One business table as every layer sees it.

    ``columns`` are the canonical column names in CSV order (what
    :mod:`db` functions take), ``fields`` the :class:`Column` of each.
    """

    name: str
    #: What one record is called (``rental``), in English, marked for the catalogue: show it with ``_()``.
    singular: str
    key: str
    record: type
    fields: tuple[Column, ...]
    columns: tuple[str, ...]
    #: The column naming the customer a record belongs to (the customer's own key for customers).
    customer: str | None
    #: For a record belonging to a customer through another record (a payment through its rental):
    #: the column referring to that record.
    customer_of: str | None
    #: Money columns the board adds up per customer (held to a total the board's sums can hold).
    summed: tuple[str, ...]
    #: The letter of the references the app makes for new records (R0317, K025), if it makes them.
    ref_prefix: str | None
    #: Rules across one record's fields.
    rules: Rule | None
    #: Columns a stable key is derived from when a file leaves the key out (interactions).
    derived_key: tuple[str, ...]
    #: Where the key derived from *derived_key* starts (``I-``).
    derived_prefix: str
    #: Date columns that cannot be after today (what has happened: a payment, a return).
    not_after_today: tuple[str, ...]
    #: What several records are called (``rentals``), in English, marked for the catalogue: show it with ``_()``.
    plural: str = ""

    @property
    def money(self) -> frozenset[str]:
        """The money columns (integer cents)."""
        return frozenset(c.name for c in self.fields if c.kind.export == "money")

    @property
    def required(self) -> tuple[str, ...]:
        """Columns a new record must give."""
        return tuple(c.name for c in self.fields if c.required)

    def field(self, name: str) -> Column:
        """The column *name* (``KeyError`` when the entity has none)."""
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> Mapping[str, Column]:
        return {c.name: c for c in self.fields}

    def label(self, name: str) -> str:
        """The owner's words for column *name*, in English (the catalogue's message: see :meth:`shown_label`)."""
        column = self._by_name.get(name)
        return column.label if column is not None else name.replace("_", " ")

    def shown_label(self, name: str) -> str:
        """The owner's words for column *name* in the language spoken now."""
        return _(self.label(name))

    def references(self) -> list[Column]:
        """The columns holding the key of another record."""
        return [c for c in self.fields if c.references is not None]


def describe(
    name: str,
    record: type,
    *,
    key: str,
    singular: str,
    plural: str = "",
    customer: str | None = None,
    customer_of: str | None = None,
    summed: tuple[str, ...] = (),
    ref_prefix: str | None = None,
    rules: Rule | None = None,
    derived_key: tuple[str, ...] = (),
    derived_prefix: str = "",
    not_after_today: tuple[str, ...] = (),
) -> Entity:
    """The :class:`Entity` of a record class declared with :func:`column` fields."""
    fields = []
    for f in dataclasses.fields(record):
        spec = f.metadata["column"]
        default = f.default
        factory = None if f.default_factory is dataclasses.MISSING else f.default_factory
        fields.append(Column(
            name=f.name,
            kind=spec["kind"],
            required=spec["required"],
            nullable=default is None,
            default=default,
            default_factory=factory,
            aliases=spec["aliases"],
            references=spec["references"],
            label=spec["label"] or f.name.replace("_", " "),
        ))
    columns = tuple(c.name for c in fields)
    if key not in columns:
        raise ValueError(f"{name}: key {key!r} is not a column")
    for name_ in (customer, customer_of, *summed, *derived_key, *not_after_today):
        if name_ is not None and name_ not in columns:
            raise ValueError(f"{name}: {name_!r} is not a column")
    return Entity(name, singular, key, record, tuple(fields), columns, customer, customer_of, summed, ref_prefix,
                  rules, derived_key, derived_prefix, not_after_today, plural or name.replace("_", " "))
