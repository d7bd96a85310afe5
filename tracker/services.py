"""Services: the one place that joins the domain rules with storage.

Each function that writes runs in one transaction: the record is validated,
checked against the other records (the same checks, with the same messages,
as an import: :mod:`tracker.records.checks`) after the write lock is taken,
written, and logged so that :func:`undo_last` can put it back. Callers pass
an open connection (from :func:`open_store`) and name entities as the tables
do (``"rentals"``); nothing here touches the terminal.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from db import bulk, queries
from db.connection import connect
from db.queries import change_count
from db.writes import (
    ChangeLog,
    change_rows,
    delete_row,
    get_row,
    get_settings,
    insert_row,
    is_locked,
    last_change_set,
    mark_undone,
    seed_settings,
    set_setting,
    transaction,
    update_row,
)
from tracker.counting import ago
from tracker.i18n import N_, _
from tracker.names import fill_name_keys, keep_name_keys
from tracker.records import (
    CUSTOMERS,
    ENTITIES,
    Entity,
    FieldError,
    ParseOptions,
    Record,
    ValidationError,
    from_row,
    not_yet_happened,
    to_row,
    validate,
)
from tracker.records.checks import Problem, check_staged, fill_staged, missing_references
from tracker.rules.benefits import Benefit, confirm_discount
from tracker.settings import DEFAULTS, SPECS, Settings, check_together, parse_setting, resolve

T = TypeVar("T")


def open_store(
    path: str | Path, *, check_same_thread: bool = True, on_lock_wait: Callable[[], None] | None = None
) -> sqlite3.Connection:
    """Open the database at *path* (creating and migrating it) with settings seeded.

    *on_lock_wait* is called while another writer holds the lock (see :class:`db.connection.Connection`).
    """
    conn = connect(path, check_same_thread=check_same_thread, on_lock_wait=on_lock_wait)
    missing = set(DEFAULTS) - set(get_settings(conn))
    if missing:
        with transaction(conn):
            seed_settings(conn, DEFAULTS)
    fill_name_keys(conn)  # after a migration, or names another program wrote
    return conn


def retrying(action: Callable[[], T], *, attempts: int = 5, wait: float = 0.2) -> T:
    """Run a write, waiting and trying again while another process holds the lock.

    Each attempt already waits up to the connection's busy timeout; this covers
    the rarer cases SQLite reports at once (a busy snapshot in WAL mode).
    """
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not is_locked(exc) or attempt == attempts - 1:
                raise
            time.sleep(wait * (2**attempt))
    raise AssertionError("unreachable")


# --- settings ----------------------------------------------------------------


def load_settings(conn: sqlite3.Connection) -> Settings:
    """Typed settings (stored values over defaults)."""
    return resolve(get_settings(conn))


def change_setting(conn: sqlite3.Connection, key: str, text: str) -> Any:
    """Validate and store one setting; raises ``KeyError``/``ValueError`` with a clear message."""
    value = parse_setting(key, text)
    check_together(resolve(get_settings(conn)), key, value)
    with transaction(conn):
        set_setting(conn, key, SPECS[key].format(value))
    return value


# --- records -----------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: the record as stored, what happened, and the change count around it.

    ``changes`` is (the count as the write began, the count as it committed),
    None when nothing was written: a reader whose data reflected the first
    count knows that, with this record, it now reflects the second.
    """

    entity: str
    record: Record
    action: str  # "inserted", "updated" or "unchanged"
    changes: tuple[int, int] | None = None
    #: The code of the customer the record belongs to (None for a unit or its upkeep).
    customer: str | None = None


def _customer(conn: sqlite3.Connection, entity: Entity, row: Mapping[str, Any]) -> str | None:
    """Whose record *row* is: its customer column, or that of the record it belongs to (a payment's rental)."""
    if entity.customer is not None:
        return row[entity.customer]
    if entity.customer_of is not None:
        target = ENTITIES[entity.field(entity.customer_of).references or ""]
        found = get_row(conn, target, row[entity.customer_of])
        return found[target.customer] if found and target.customer else None
    return None


def _check(conn: sqlite3.Connection, entity: Entity, row: Mapping[str, Any], today: date | None = None) -> None:
    """Run the checks that need other records on one row about to be written; raise what they find.

    Called inside the write transaction, so what they see cannot change before the write. *today*
    (default the real today) is the day a unit still on rent is out until, at least.
    """
    found: list[Problem] = []

    def refuse(problems: list[Problem]) -> None:
        found.extend(problems)
        bulk.unstage(conn, [p.line for p in problems])

    bulk.create_staging(conn, entity)
    try:
        bulk.stage(conn, entity, [(1, *(row[c] for c in entity.columns))])
        check_staged(conn, entity, stored=True, refuse=refuse, today=today)
    finally:
        bulk.drop_staging(conn)
    if found:
        raise ValidationError([FieldError(p.column or entity.key, p.message, str(row.get(p.column) or ""))
                               for p in found])


def complete_row(conn: sqlite3.Connection, entity: Entity, row: Mapping[str, Any]) -> dict[str, Any]:
    """A validated row (as stored, by column) with what it leaves to the other records filled in.

    A rental's blank cost is its unit's daily cost x its days, filled by the
    importer's own set-based fill (:func:`tracker.records.checks.fill_staged`).
    Raises :class:`ValidationError` for what cannot be filled. A row with no
    blank comes back as it is.
    """
    if not any(row[c] is None and not entity.field(c).nullable for c in entity.columns):
        return dict(row)
    found: list[Problem] = []

    def refuse(problems: list[Problem]) -> None:
        found.extend(problems)

    bulk.create_staging(conn, entity)
    try:
        bulk.stage(conn, entity, [(1, *(row[c] for c in entity.columns))])
        fill_staged(conn, entity, refuse=refuse)
        filled = bulk.staged_rows(conn, entity)[0]
    finally:
        bulk.drop_staging(conn)
    if found:
        raise ValidationError([FieldError(p.column, p.message, "") for p in found])
    return dict(zip(entity.columns, filled))


def _with_references(conn: sqlite3.Connection, entity: Entity, exc: ValidationError) -> ValidationError:
    """*exc*, with the references among the fields that did read that name no record (all at once)."""
    more = [FieldError(p.column, p.message, str(exc.values.get(p.column) or ""))
            for p in missing_references(conn, entity, exc.values)
            if not any(e.field == p.column for e in exc.errors)]
    return ValidationError(exc.errors + more, exc.values) if more else exc


def _missing(entity: Entity, key: str) -> ValidationError:
    return ValidationError([FieldError(entity.key, _("no {thing} {key}").format(thing=_(entity.singular), key=key), key)])


def _save(
    conn: sqlite3.Connection,
    entity: Entity,
    key: str,
    make: Callable[[Record | None], Record],
    summary: str,
    *,
    new: bool,
    today: date | None = None,
    finish: Callable[[Mapping[str, Any] | None, dict[str, Any]], dict[str, Any]] | None = None,
) -> Saved:
    """In one write transaction: read the stored record, make the new one from it, check, write, log.

    *make* gets the stored record (None for a new one) and returns the record
    to store, raising :class:`ValidationError` for bad input. Everything is read
    after the write lock is taken, so no other writer can change it meanwhile.
    *today* is the day the checks hold the record to (:func:`_check`). *finish*
    gets the stored row and the completed row and returns the row to write.
    """

    def run() -> Saved:
        with transaction(conn):
            stored = get_row(conn, entity, key)
            if new and stored is not None:
                raise ValidationError([FieldError(entity.key, _("{key} is already in use").format(key=key), key)])
            if not new and stored is None:
                raise _missing(entity, key)
            before = from_row(entity, stored) if stored is not None else None
            try:
                record = make(before)
            except ValidationError as exc:
                raise _with_references(conn, entity, exc) from None
            after = to_row(entity, record)
            filled = complete_row(conn, entity, after)  # a blank left for the other records to fill
            if finish is not None:
                filled = finish(stored, filled)
            if filled != after:
                after, record = filled, from_row(entity, filled)
            customer = _customer(conn, entity, after)
            if stored is not None and stored == after:
                return Saved(entity.name, record, "unchanged", customer=customer)
            first = change_count(conn)
            _check(conn, entity, after, today)
            log = ChangeLog(conn, summary)
            if stored is None:
                insert_row(conn, entity, after)
            else:
                update_row(conn, entity, key, {k: v for k, v in after.items() if stored[k] != v})
            if entity is CUSTOMERS:
                keep_name_keys(conn)
            log.record(entity, key, stored, after)
            return Saved(entity.name, record, "updated" if stored is not None else "inserted",
                         (first, change_count(conn)), customer)

    return retrying(run)


def add(
    conn: sqlite3.Connection,
    entity: str,
    raw: Mapping[str, str | None],
    *,
    options: ParseOptions = ParseOptions(relative=True),
    benefit: Benefit | None = None,
) -> Saved:
    """Validate and insert a new record of *entity* from raw field text.

    Raises :class:`ValidationError` (field errors, including a key already in
    use, an unknown customer or a double-booked unit). ``options.today`` (the
    app's day; default the real today) reads relative dates and is the day a
    unit still on rent is out until, at least. A rental saved confirmed takes
    *benefit*'s discount (:func:`tracker.rules.benefits.confirm_discount`).
    """
    e = ENTITIES[entity]
    try:
        record = validate(e, raw, options=options)
    except ValidationError as exc:
        raise _with_references(conn, e, exc) from None
    key = getattr(record, e.key)
    return _save(conn, e, key, lambda _before: record, f"add {e.singular} {key}", new=True, today=options.today,
                 finish=_discounting(e, benefit))


def update(
    conn: sqlite3.Connection,
    entity: str,
    key: str,
    raw: Mapping[str, str | None],
    *,
    options: ParseOptions = ParseOptions(relative=True),
    summary: str | None = None,
    benefit: Benefit | None = None,
) -> Saved:
    """Validate and apply changes (raw text of the changed fields) to the stored record *key*.

    A rental confirmed by the change (a quote or cancelled rental made booked
    or on rent) takes *benefit*'s discount.
    """
    e = ENTITIES[entity]
    changes = {k: v for k, v in raw.items() if k != e.key}
    return _save(
        conn, e, key, lambda before: validate(e, changes, base=before, options=options),
        summary or f"edit {e.singular} {key}", new=False, today=options.today, finish=_discounting(e, benefit),
    )


def _discounting(
    entity: Entity, benefit: Benefit | None
) -> Callable[[Mapping[str, Any] | None, dict[str, Any]], dict[str, Any]] | None:
    """What takes a tier's discount off a rental being confirmed (None: nothing to take)."""
    if benefit is None or entity.name != "rentals":
        return None

    def finish(stored: Mapping[str, Any] | None, row: dict[str, Any]) -> dict[str, Any]:
        return confirm_discount(stored["status"] if stored else None, row, benefit)[0]

    return finish


def _set_fields(
    conn: sqlite3.Connection, entity: str, key: str, summary: str, today: date | None = None, **fields: Any
) -> Saved:
    """Set typed *fields* of the stored record *key*, held to the entity's rules (and checks, as of *today*)."""
    e = ENTITIES[entity]

    def make(before: Record | None) -> Record:
        values = {c: getattr(before, c) for c in e.columns} | fields
        errors = not_yet_happened(e, fields, today) or (e.rules(values, set(fields), True) if e.rules else [])
        if errors:
            raise ValidationError(errors)
        return e.record(**values)

    return _save(conn, e, key, make, summary, new=False, today=today)


def archive_customer(conn: sqlite3.Connection, code: str, on: date | None = None) -> Saved:
    """Archive a customer (kept, with its history, but off the board)."""
    return _set_fields(conn, "customers", code, f"archive customer {code}", archived_on=on or date.today())


def restore_customer(conn: sqlite3.Connection, code: str) -> Saved:
    """Bring an archived customer back onto the board."""
    return _set_fields(conn, "customers", code, f"restore customer {code}", archived_on=None)


def mark_returned(conn: sqlite3.Connection, ref: str, on: date | None = None, *, today: date | None = None) -> Saved:
    """Record that a rental's unit came back on *on* (default *today*, itself by default the real today).

    A return after *today* is refused: it cannot have happened yet.
    """
    today = today or date.today()
    return _set_fields(conn, "rentals", ref, f"mark rental {ref} returned", today, status="returned",
                       returned_on=on or today)


def resolve_complaint(
    conn: sqlite3.Connection,
    ref: str,
    *,
    on: date | None = None,
    resolution: str = "",
    compensation: int = 0,
    today: date | None = None,
) -> Saved:
    """Close a complaint with what was done and any money given back (cents).

    *on* defaults to *today* (itself by default the real today); a day after it is refused.
    """
    today = today or date.today()
    return _set_fields(
        conn, "complaints", ref, f"resolve complaint {ref}", today,
        status="resolved", resolved_on=on or today, resolution=resolution, compensation=compensation,
    )


def add_task(
    conn: sqlite3.Connection,
    customer: str,
    what: str,
    due: str,
    *,
    kind: str = "task",
    note: str = "",
    options: ParseOptions = ParseOptions(relative=True),
) -> Saved:
    """A new task (or promise, *kind*) on *customer*, due on *due* (any date the forms read: ``+3``, ``friday``)."""
    raw = {"ref": next_ref(conn, "tasks"), "customer": customer, "kind": kind, "what": what, "due": due, "note": note}
    return add(conn, "tasks", raw, options=options)


def done_task(conn: sqlite3.Connection, ref: str, on: date | None = None) -> Saved:
    """Mark a task or promise done on *on* (default today)."""
    return _set_fields(conn, "tasks", ref, f"mark task {ref} done", done_on=on or date.today())


def snooze_task(conn: sqlite3.Connection, ref: str, how_long: str, *, today: date | None = None) -> Saved:
    """Put a task off: ``1w``, ``2w``, ``1m`` (any number of ``d``, ``w`` or ``m``) or a date.

    A period counts from the later of *today* and the day the task comes up;
    a date must be after the task is due. Raises :class:`ValidationError`.
    """
    from tracker.parse import parse_date
    from tracker.rules.tasks import period, snooze_until

    today = today or date.today()
    e = ENTITIES["tasks"]

    def make(before: Record | None) -> Record:
        assert before is not None
        if before.done_on is not None:
            raise ValidationError([FieldError("snoozed_until", _("task {ref} is done ({day})").format(
                ref=ref, day=before.done_on), how_long)])
        span = period(how_long)
        if span is not None:
            until = snooze_until(span, before.due, before.snoozed_until, today)
        else:
            try:
                until = parse_date(how_long, today=today, relative=True)
            except ValueError as exc:
                raise ValidationError([FieldError("snoozed_until", _("{problem}; or 1w, 2w, 1m").format(problem=exc),
                                                  how_long)]) from None
        values = {c: getattr(before, c) for c in e.columns} | {"snoozed_until": until}
        errors = e.rules(values, {"snoozed_until"}, True) if e.rules else []
        if errors:
            raise ValidationError(errors)
        return e.record(**values)

    return _save(conn, e, ref, make, f"snooze task {ref}", new=False, today=today)


def log_visit(
    conn: sqlite3.Connection,
    rental: str,
    rating: str,
    *,
    on: str = "today",
    note: str = "",
    options: ParseOptions = ParseOptions(relative=True),
) -> Saved:
    """A return visit after *rental* came back: *rating* (not-satisfied, ok, satisfied, very-satisfied)."""
    raw = {"ref": next_ref(conn, "return_visits"), "rental": rental, "date": on, "rating": rating, "note": note}
    return add(conn, "return_visits", raw, options=options)


#: How many of the newest records show the pattern of refs in use.
PATTERN_FROM = 200


def next_ref(conn: sqlite3.Connection, entity: str) -> str:
    """A fresh reference for a new record of *entity* that continues the pattern in use.

    The pattern is the letters and the number of digits of most of the newest
    refs made of letters then digits (the file's own, K025 or R0317); the new
    ref is the one after the highest of that pattern: after R0317 comes R0318,
    after K025 K026, so it sorts after the records it follows. A ref of
    another shape (R1, R00321, RN-2024-5) neither sets nor breaks the pattern.
    With none, the entity's letter and 0001 (R0001, K0001, I0001).
    """
    e = ENTITIES[entity]
    if e.ref_prefix is None:
        raise ValueError(f"{entity} are not given references by the app")
    prefix, n, width = e.ref_prefix, 1, 4
    shapes = [_shape(ref) for ref in queries.numbered_keys(conn, e.name, e.key, newest=PATTERN_FROM)]
    if shapes:
        counts = Counter(shapes)
        prefix, width = max(shapes, key=lambda shape: counts[shape])  # ties: the newest
        top = queries.highest_numbered_key(conn, e.name, e.key, prefix, width)
        assert top is not None
        n = int(top[len(prefix):]) + 1
    while queries.exists(conn, e.name, e.key, f"{prefix}{n:0{width}d}"):
        n += 1
    return f"{prefix}{n:0{width}d}"


def _shape(ref: str) -> tuple[str, int]:
    """(letters, number of digits) of a ref made of letters then digits."""
    digits = len(ref) - len(ref.rstrip("0123456789"))
    return ref[: len(ref) - digits], digits


# --- undo ----------------------------------------------------------------------


class UndoError(Exception):
    """The last change cannot be undone (nothing to undo, or changed since)."""


def undo_last(conn: sqlite3.Connection) -> str:
    """Put back what the newest change did; returns its summary ("add rental R00012"), with its age
    when it was made over a minute ago ("add rental R00012, 3 days ago": an app opened since, say).

    Refuses, changing nothing, when a record it touched has been changed since
    (by an import or another edit), or when putting it back would break what
    the other records now hold (the same checks as any save: a unit booked
    meanwhile, a customer deleted).
    """

    def run() -> str:
        with transaction(conn):
            last = last_change_set(conn)
            if last is None:
                raise UndoError(_("nothing to undo"))
            set_id, stored_summary, age = last
            summary = summary_text(stored_summary)
            rows = change_rows(conn, set_id)
            if not rows:  # a bulk change (an import), logged without its rows
                raise UndoError(_("the last change was {summary}; restore a backup to reverse it").format(
                    summary=summary))
            for name, key, before, after in rows:
                entity = ENTITIES[name]
                current = get_row(conn, entity, key)
                if current != after:
                    raise UndoError(_("cannot undo {summary}: {thing} {key} has changed since").format(
                        summary=summary, thing=_(entity.singular), key=key))
                if before is None:
                    delete_row(conn, entity, key)
                    continue
                try:
                    _check(conn, entity, before)
                except ValidationError as exc:
                    raise UndoError(_("cannot undo {summary}: {problem}").format(summary=summary, problem=exc)) from None
                if after is None:
                    insert_row(conn, entity, before)
                else:
                    update_row(conn, entity, key, before)
            if any(name == CUSTOMERS.name for name, *_rest in rows):
                keep_name_keys(conn)
            mark_undone(conn, set_id)
            return summary if age < 60 else _("{summary}, {ago}").format(summary=summary, ago=ago(age))

    try:
        return retrying(run)
    except sqlite3.IntegrityError as exc:
        raise UndoError(_("cannot undo: other records now depend on it ({problem})").format(problem=exc)) from None


#: The summaries the change log keeps (in English, whatever the language), with their words as shown.
_SUMMARIES: tuple[tuple[str, str], ...] = (
    (r"add (?P<thing>{things}) (?P<key>.+)", N_("add {thing} {key}")),
    (r"edit (?P<thing>{things}) (?P<key>.+)", N_("edit {thing} {key}")),
    (r"archive customer (?P<key>.+)", N_("archive customer {key}")),
    (r"restore customer (?P<key>.+)", N_("restore customer {key}")),
    (r"mark rental (?P<key>.+) returned", N_("mark rental {key} returned")),
    (r"resolve complaint (?P<key>.+)", N_("resolve complaint {key}")),
    (r"mark task (?P<key>.+) done", N_("mark task {key} done")),
    (r"snooze task (?P<key>.+)", N_("snooze task {key}")),
    (r"confirm rental (?P<key>.+)", N_("confirm rental {key}")),
    (r"hand over rental (?P<key>.+)", N_("hand over rental {key}")),
    (r"mark returned rental (?P<key>.+)", N_("mark returned rental {key}")),
    (r"cancel rental (?P<key>.+)", N_("cancel rental {key}")),
    (r"return deposit (?P<key>.+)", N_("return deposit {key}")),
)


def summary_text(summary: str) -> str:
    """A change's summary as the change log keeps it (``add rental R0012``), in the language spoken now.

    The log keeps summaries in English, so that a change made in one language reads in another;
    a summary of another shape is shown as it is.
    """
    singular = {e.singular: e for e in ENTITIES.values()}
    things = "|".join(re.escape(t) for t in sorted(singular, key=len, reverse=True))
    for pattern, message in _SUMMARIES:
        found = re.fullmatch(pattern.format(things=things), summary, re.DOTALL)
        if found:
            fields = found.groupdict()
            if "thing" in fields:
                fields["thing"] = _(fields["thing"])
            return _(message).format(**fields)
    return summary
