"""Typed records and their validation: one validator per entity.

The same validators serve the app's forms and the CSV importer. Each takes the
raw text of some fields (as typed or as read from a file), and the stored
record when updating, and returns either a complete typed record or the list of
field errors in plain language. Checks that need other records (does the
customer exist, is the unit free) live in :mod:`tracker.services`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.schema import (
    COMPLAINT_CATEGORIES,
    COMPLAINT_STATUSES,
    COMPLAINTS,
    CONTACT_GRADES,
    CUSTOMERS,
    EQUIPMENT,
    EQUIPMENT_CATEGORIES,
    EQUIPMENT_STATUSES,
    INTERACTION_KINDS,
    INTERACTIONS,
    RENTAL_STATUSES,
    RENTALS,
    SEGMENTS,
    Entity,
)
from tracker.cents import cents_to_text
from tracker.parse import (
    MAX_CENTS,
    _parse_absolute,
    format_date,
    format_money,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_money,
    parse_number,
)


@dataclass(frozen=True)
class FieldError:
    """A problem with one field: which field, what was typed, what is wrong."""

    field: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class ParseOptions:
    """How to read ambiguous text: day-first dates, relative dates against *today*."""

    dayfirst: bool = False
    today: date | None = None
    relative: bool = False


# --- typed records (fields in canonical CSV order) -------------------------


@dataclass(frozen=True)
class Customer:
    code: str
    name: str
    segment: str = "small"
    industry: str = ""
    phone: str = ""
    email: str = ""
    wechat: str = ""
    city: str = ""
    address: str = ""
    referred_by: str | None = None
    potential: int | None = None
    contact_grade: str | None = None
    partner: bool = False
    notes: str = ""
    created_on: date = field(default_factory=date.today)
    archived_on: date | None = None


@dataclass(frozen=True)
class Equipment:
    code: str
    name: str
    category: str = "other"
    height_m: float | None = None
    daily_rate: int = 0
    status: str = "available"
    notes: str = ""


@dataclass(frozen=True)
class Rental:
    ref: str
    customer: str
    equipment: str | None
    start_date: date
    end_date: date
    returned_on: date | None = None
    daily_rate: int | None = None
    amount: int = 0
    cost: int = 0
    paid: int = 0
    site: str = ""
    status: str = "booked"
    notes: str = ""

    @property
    def days(self) -> int:
        """Rental days, both ends included."""
        return (self.end_date - self.start_date).days + 1


@dataclass(frozen=True)
class Complaint:
    ref: str
    customer: str
    rental: str | None
    opened_on: date
    category: str
    severity: int
    description: str = ""
    status: str = "open"
    resolved_on: date | None = None
    resolution: str = ""
    compensation: int = 0


@dataclass(frozen=True)
class Interaction:
    ref: str
    customer: str
    date: date
    kind: str
    note: str = ""


Record = Customer | Equipment | Rental | Complaint | Interaction

# --- field readers ----------------------------------------------------------

Reader = Callable[[str, ParseOptions], Any]


def _text(raw: str, _: ParseOptions) -> str:
    return raw.strip()


def _code(raw: str, _: ParseOptions) -> str:
    value = raw.strip()
    if "\n" in value or "\r" in value or "\t" in value:
        raise ValueError("a code cannot hold line breaks or tabs")
    return value


def _date(raw: str, opts: ParseOptions) -> date:
    if not opts.relative:
        return _parse_absolute(raw.strip(), opts.dayfirst)
    return parse_date(raw, dayfirst=opts.dayfirst, today=opts.today, relative=opts.relative)


def _money(raw: str, _: ParseOptions) -> int:
    return parse_money(raw)


def _choice(choices: tuple[str, ...]) -> Reader:
    return lambda raw, _: parse_choice(raw, choices)


def _grade(raw: str, _: ParseOptions) -> str:
    return parse_choice(raw.upper(), CONTACT_GRADES)


def _potential(raw: str, _: ParseOptions) -> int:
    return parse_int(raw, low=1, high=5)


def _severity(raw: str, _: ParseOptions) -> int:
    return parse_int(raw, low=1, high=5)


def _height(raw: str, _: ParseOptions) -> float:
    return parse_number(raw, low=0)


def _bool(raw: str, _: ParseOptions) -> bool:
    return parse_bool(raw)


#: Per entity: column -> reader. Columns not listed are plain text.
READERS: dict[str, dict[str, Reader]] = {
    "customers": {
        "code": _code, "segment": _choice(SEGMENTS), "referred_by": _code,
        "potential": _potential, "contact_grade": _grade, "partner": _bool,
        "created_on": _date, "archived_on": _date,
    },
    "equipment": {
        "code": _code, "category": _choice(EQUIPMENT_CATEGORIES), "height_m": _height,
        "daily_rate": _money, "status": _choice(EQUIPMENT_STATUSES),
    },
    "rentals": {
        "ref": _code, "customer": _code, "equipment": _code, "start_date": _date,
        "end_date": _date, "returned_on": _date, "daily_rate": _money, "amount": _money,
        "cost": _money, "paid": _money, "status": _choice(RENTAL_STATUSES),
    },
    "complaints": {
        "ref": _code, "customer": _code, "rental": _code, "opened_on": _date,
        "category": _choice(COMPLAINT_CATEGORIES), "severity": _severity,
        "status": _choice(COMPLAINT_STATUSES), "resolved_on": _date, "compensation": _money,
    },
    "interactions": {
        "ref": _code, "customer": _code, "date": _date, "kind": _choice(INTERACTION_KINDS),
    },
}

#: Columns a new record must have (rentals also need amount or daily_rate).
REQUIRED: dict[str, tuple[str, ...]] = {
    "customers": ("code", "name"),
    "equipment": ("code", "name"),
    "rentals": ("ref", "customer", "start_date", "end_date"),
    "complaints": ("ref", "customer", "opened_on", "category", "severity"),
    "interactions": ("ref", "customer", "date", "kind"),
}

RECORD_TYPES: dict[str, type] = {
    "customers": Customer,
    "equipment": Equipment,
    "rentals": Rental,
    "complaints": Complaint,
    "interactions": Interaction,
}


def _nullable(cls: type, name: str) -> bool:
    f = cls.__dataclass_fields__[name]
    return "None" in str(f.type)


class ValidationError(ValueError):
    """A record that cannot be saved; ``errors`` names each bad field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


_NO_DEFAULT = object()


@dataclass(frozen=True)
class _Plan:
    """An entity's validation compiled once: per field its reader, rules and default."""

    entity: str
    cls: type
    #: (name, reader or None for plain text, required, nullable, default, default factory)
    fields: tuple[tuple[str, Reader | None, bool, bool, Any, Callable[[], Any] | None], ...]
    required: tuple[str, ...]
    dates: frozenset[str]
    flags: frozenset[str]


def _compile(entity: str) -> _Plan:
    cls = RECORD_TYPES[entity]
    readers = READERS[entity]
    fields = []
    for name, f in cls.__dataclass_fields__.items():
        reader = readers.get(name, _text)
        default = f.default if f.default is not dataclasses.MISSING else _NO_DEFAULT
        factory = f.default_factory if f.default_factory is not dataclasses.MISSING else None
        fields.append((
            name, None if reader is _text else reader, name in REQUIRED[entity],
            _nullable(cls, name), default, factory,
        ))
    return _Plan(
        entity, cls, tuple(fields), REQUIRED[entity],
        frozenset(n for n, f in cls.__dataclass_fields__.items() if "date" in str(f.type)),
        frozenset(n for n, f in cls.__dataclass_fields__.items() if str(f.type) == "bool"),
    )


_PLANS: dict[str, _Plan] = {}


def _plan(entity: str) -> _Plan:
    plan = _PLANS.get(entity)
    if plan is None:
        plan = _PLANS[entity] = _compile(entity)
    return plan


def _read(
    plan: _Plan,
    raw: Mapping[str, str | None],
    values: dict[str, Any],
    has_base: bool,
    options: ParseOptions,
) -> dict[str, Any]:
    """Read the given fields of *raw* into *values*; raise :class:`ValidationError` if any is bad."""
    errors: list[FieldError] = []
    given: set[str] = set()
    for name, reader, required, nullable, default, factory in plan.fields:
        text = raw.get(name)
        if text is None:
            continue
        if type(text) is not str:
            text = str(text)
        stripped = text.strip()
        if stripped:
            given.add(name)  # a blank cell is "not given": blank amount means rate x days
        else:
            if required:
                errors.append(FieldError(name, "is required", text))
            elif not nullable:
                if default is not _NO_DEFAULT:
                    values[name] = default
                elif factory is not None:
                    values[name] = factory()
            else:
                values[name] = None
            continue
        if reader is None:
            values[name] = stripped
            continue
        try:
            values[name] = reader(text, options)
        except ValueError as exc:
            errors.append(FieldError(name, str(exc), text))
    if not has_base:
        for name in plan.required:
            if name not in given and not any(e.field == name for e in errors):
                errors.append(FieldError(name, "is required"))
    if errors:
        raise ValidationError(errors)
    errors = _check_record(plan.entity, values, given, True if has_base else None)
    if errors:
        raise ValidationError(errors)
    return values


def validate(
    entity: str,
    raw: Mapping[str, str | None],
    *,
    base: Record | None = None,
    options: ParseOptions = ParseOptions(),
) -> Record:
    """Turn raw field text into a complete, valid record of *entity*.

    Fields present in *raw* are read; fields absent keep their value in *base*
    (the stored record, on an update) or take their defaults (on an insert). A
    blank cell clears an optional field. Raises :class:`ValidationError` listing
    every bad field.
    """
    plan = _plan(entity)
    values: dict[str, Any] = {} if base is None else {f[0]: getattr(base, f[0]) for f in plan.fields}
    _read(plan, raw, values, base is not None, options)
    for name, _, _, _, default, factory in plan.fields:
        if name not in values and default is _NO_DEFAULT and factory is None:
            values[name] = None
    return plan.cls(**values)


def validate_row(
    entity: str,
    raw: Mapping[str, str | None],
    *,
    base_row: tuple[Any, ...] | None = None,
    options: ParseOptions = ParseOptions(),
) -> tuple[Any, ...]:
    """:func:`validate`, giving the record as stored (a tuple in canonical column order).

    The same rules and messages as :func:`validate`, without building the typed
    record: the importer's fast path. *base_row* is the stored row (canonical
    order) when updating.
    """
    plan = _plan(entity)
    values: dict[str, Any]
    if base_row is None:
        values = {}
    else:
        values = {}
        for (name, *_), value in zip(plan.fields, base_row):
            if value is not None:
                if name in plan.dates:
                    value = date.fromisoformat(value)
                elif name in plan.flags:
                    value = bool(value)
            values[name] = value
    _read(plan, raw, values, base_row is not None, options)
    out = []
    for name, _, _, _, default, factory in plan.fields:
        if name in values:
            value = values[name]
        elif default is not _NO_DEFAULT:
            value = default
        elif factory is not None:
            value = factory()
        else:
            value = None
        if value is not None:
            if value.__class__ is date:
                value = value.isoformat()
            elif value.__class__ is bool:
                value = int(value)
        out.append(value)
    return tuple(out)


def _check_record(
    entity: str, v: dict[str, Any], given: set[str], base: Record | None
) -> list[FieldError]:
    """Rules across fields of one record."""
    errors: list[FieldError] = []
    if entity == "customers":
        if v.get("referred_by") and v["referred_by"] == v.get("code"):
            errors.append(FieldError("referred_by", "a customer cannot refer itself"))
        if v.get("archived_on") and v.get("created_on") and v["archived_on"] < v["created_on"]:
            errors.append(FieldError("archived_on", "is before created_on"))
    elif entity == "rentals":
        if v["end_date"] < v["start_date"]:
            errors.append(FieldError("end_date", f"{v['end_date']} is before start_date {v['start_date']}"))
        elif "amount" not in given or v.get("amount") is None:
            if "daily_rate" in given and v.get("daily_rate") is not None:
                days = (v["end_date"] - v["start_date"]).days + 1
                amount = v["daily_rate"] * days
                if amount > MAX_CENTS:
                    errors.append(FieldError(
                        "daily_rate",
                        f"{cents_to_text(v['daily_rate'], thousands=True)} x {days:,} days comes to"
                        f" {cents_to_text(amount, thousands=True)}, over the most one amount can be"
                        f" ({cents_to_text(MAX_CENTS, thousands=True)})",
                    ))
                else:
                    v["amount"] = amount
            elif base is None or v.get("amount") is None:
                errors.append(FieldError("amount", "amount or daily_rate is required"))
        if v.get("returned_on") and v["returned_on"] < v["start_date"]:
            errors.append(FieldError("returned_on", "is before start_date"))
    elif entity == "complaints":
        if v.get("resolved_on") and "status" not in given and base is None:
            v["status"] = "resolved"
        status = v.get("status", "open")
        if status == "resolved" and not v.get("resolved_on"):
            errors.append(FieldError("resolved_on", "a resolved complaint needs its resolved_on date"))
        if status == "open" and v.get("resolved_on"):
            errors.append(FieldError("status", "is open but resolved_on is set"))
        if v.get("resolved_on") and v["resolved_on"] < v["opened_on"]:
            errors.append(FieldError("resolved_on", "is before opened_on"))
    return errors


# --- conversions to and from storage ---------------------------------------


def to_row(record: Record) -> dict[str, Any]:
    """The record as stored: dates as ISO text, flags as 0/1."""
    out: dict[str, Any] = {}
    for name in record.__dataclass_fields__:
        value = getattr(record, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        out[name] = value
    return out


def from_row(entity: str, row: Mapping[str, Any]) -> Record:
    """A typed record from a stored row (the inverse of :func:`to_row`)."""
    cls = RECORD_TYPES[entity]
    values: dict[str, Any] = {}
    for name, f in cls.__dataclass_fields__.items():
        value = row[name]
        if value is not None and "date" in str(f.type) and isinstance(value, str):
            value = date.fromisoformat(value)
        elif str(f.type) == "bool":
            value = bool(value)
        values[name] = value
    return cls(**values)


def to_text(entity: Entity, row: Mapping[str, Any]) -> dict[str, str]:
    """A stored row as canonical CSV text: money with two places, yes/no flags, blanks for none."""
    out: dict[str, str] = {}
    for name in entity.columns:
        value = row[name]
        if value is None:
            out[name] = ""
        elif name in entity.money:
            out[name] = format_money(value)
        elif name == "partner":
            out[name] = "yes" if value else "no"
        elif isinstance(value, float):
            out[name] = repr(value) if not value.is_integer() else str(int(value))
        elif isinstance(value, date):
            out[name] = format_date(value)
        else:
            out[name] = str(value)
    return out


def _check_layout() -> None:
    """The record classes and the table layout must list the same columns."""
    for entity in (CUSTOMERS, EQUIPMENT, RENTALS, COMPLAINTS, INTERACTIONS):
        fields = tuple(RECORD_TYPES[entity.name].__dataclass_fields__)
        assert fields == entity.columns, (entity.name, fields)


_check_layout()


def derive_ref(entity: str, raw: Mapping[str, str | None]) -> str:
    """A stable key for a row given without one, from its identifying fields.

    Used for interactions imported without ``ref``: the same row always gets
    the same key, so importing a file twice adds nothing.
    """
    import hashlib

    fields = {"interactions": ("customer", "date", "kind", "note")}[entity]
    text = "\x1f".join((raw.get(f) or "").strip() for f in fields)
    return "I-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
