"""Validation: raw field text (typed in a form or read from a file) into a complete, valid record.

One validator for every entity, driven by its description: the same rules and
messages for the app's forms and the importer. Checks that need other records
(does the customer exist, is the unit free) are :mod:`tracker.records.checks`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.i18n import _
from tracker.records.kinds import TEXT, ParseOptions

if TYPE_CHECKING:
    from tracker.records.entity import Entity


#: :attr:`FieldError.code` of a field a new record must give and did not.
REQUIRED = "required"


@dataclass(frozen=True)
class FieldError:
    """A problem with one field: which field, what is wrong, what was typed."""

    field: str
    #: What is wrong, in the language spoken when it was found.
    message: str
    value: str = ""
    #: What is wrong as a code, whatever the language (``required``; blank for the others).
    code: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(ValueError):
    """A record that cannot be saved; ``errors`` names each bad field."""

    def __init__(self, errors: list[FieldError], values: dict[str, Any] | None = None) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors
        #: The fields that did read, by column (what the checks on other records can still judge).
        self.values = values or {}


def _read(
    entity: Entity, raw: Mapping[str, str | None], values: dict[str, Any], updating: bool, options: ParseOptions
) -> None:
    """Read the given fields of *raw* into *values*; raise :class:`ValidationError` listing every bad one."""
    errors: list[FieldError] = []
    given: set[str] = set()
    for c in entity.fields:
        text = raw.get(c.name)
        if text is None:
            continue
        if type(text) is not str:
            text = str(text)
        stripped = text.strip()
        if not stripped:  # a blank cell is "not given": a blank amount means rate x days
            if c.required:
                errors.append(FieldError(c.name, _("is required"), text, REQUIRED))
            elif c.nullable:
                values[c.name] = None
            else:
                values[c.name] = c.default_value()
            continue
        given.add(c.name)
        if c.kind is TEXT:
            values[c.name] = stripped
            continue
        try:
            values[c.name] = c.kind.read(text, options)
        except ValueError as exc:
            errors.append(FieldError(c.name, str(exc), text))
    if not updating:
        for name in entity.required:
            if name not in given and not any(e.field == name for e in errors):
                errors.append(FieldError(name, _("is required"), code=REQUIRED))
    # Everything that can be judged is judged, so a form shows every mistake on the first save:
    # the rules see only the fields that read (a rule needing one that did not waits for it).
    bad = {e.field for e in errors}
    judged = values if not errors else {k: v for k, v in values.items() if k not in bad}
    for error in not_yet_happened(entity, judged, options.today, given=given):
        errors.append(error)
        bad.add(error.field)
    if entity.rules is not None:
        if not errors:
            errors = entity.rules(values, given, updating)
        else:
            try:
                more = entity.rules(dict(judged), given - bad, updating)
            except (KeyError, TypeError):
                more = []
            errors += [e for e in more if e.field not in bad]
    if errors:
        raise ValidationError(errors, {k: v for k, v in values.items() if k not in {e.field for e in errors}})


def not_yet_happened(
    entity: Entity, values: Mapping[str, Any], today: date | None = None, *, given: set[str] | None = None
) -> list[FieldError]:
    """An error for each of *values* (of the columns in *given*, if given) that is a day after *today*
    (default the real today) in a column of *entity* that records what has happened (a return, a
    payment, a contact, a complaint)."""
    if not entity.not_after_today:
        return []
    today = today or date.today()
    return [
        FieldError(name, _("{day} is after today ({today}): it cannot have happened yet").format(day=day, today=today))
        for name in entity.not_after_today
        if (given is None or name in given) and isinstance(day := values.get(name), date) and day > today
    ]


def _complete(entity: Entity, values: dict[str, Any]) -> None:
    for c in entity.fields:
        if c.name not in values:
            values[c.name] = c.default_value()


def validate(
    entity: Entity, raw: Mapping[str, str | None], *, base: Any = None, options: ParseOptions = ParseOptions()
) -> Any:
    """Turn raw field text into a complete, valid record of *entity*.

    Fields present in *raw* are read; fields absent keep their value in *base*
    (the stored record, on an update) or take their defaults (on an insert). A
    blank cell clears an optional field. Raises :class:`ValidationError`
    listing every bad field.
    """
    values: dict[str, Any] = {} if base is None else {c: getattr(base, c) for c in entity.columns}
    _read(entity, raw, values, base is not None, options)
    _complete(entity, values)
    return entity.record(**values)


def validate_row(
    entity: Entity,
    raw: Mapping[str, str | None],
    *,
    base_row: tuple[Any, ...] | None = None,
    options: ParseOptions = ParseOptions(),
) -> tuple[Any, ...]:
    """:func:`validate`, giving the record as stored (a tuple in canonical column order).

    The same rules and messages, without building the typed record: the
    importer's fast path. *base_row* is the stored row when updating.
    """
    values: dict[str, Any] = {}
    if base_row is not None:
        for c, stored in zip(entity.fields, base_row):
            values[c.name] = c.kind.load(stored)
    _read(entity, raw, values, base_row is not None, options)
    _complete(entity, values)
    return tuple(c.kind.store(values[c.name]) for c in entity.fields)


def to_row(entity: Entity, record: Any) -> dict[str, Any]:
    """The record as stored, by column: dates as ISO text, flags as 0/1."""
    return {c.name: c.kind.store(getattr(record, c.name)) for c in entity.fields}


def from_row(entity: Entity, row: Mapping[str, Any]) -> Any:
    """A typed record from a stored row (the inverse of :func:`to_row`)."""
    return entity.record(**{c.name: c.kind.load(row[c.name]) for c in entity.fields})


def to_text(entity: Entity, row: Mapping[str, Any]) -> dict[str, str]:
    """A stored row as canonical CSV text: money with two places, yes/no flags, blanks for none."""
    return {c.name: c.kind.text(row[c.name]) for c in entity.fields}


def derive_key(entity: Entity, raw: Mapping[str, str | None]) -> str:
    """A stable key for a row given without one, from the entity's identifying fields.

    Interactions imported without ``ref`` get one: the same row always gets
    the same key, so importing a file twice adds nothing.
    """
    text = "\x1f".join((raw.get(f) or "").strip() for f in entity.derived_key)
    return entity.derived_prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
