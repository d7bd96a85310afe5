"""Importing canonical CSV files: validate every row, then apply the file whole or not at all.

A file is streamed in batches: each row is read with the same validators as
the app's forms (:func:`tracker.records.validate_row`; on an update, against
the stored record, so columns the file leaves out keep their values) and the
valid rows are staged in a temporary table. Checks that need the whole file
and the database — a key given twice, codes that point nowhere, a unit booked
twice — then run as set-based SQL (:mod:`db.bulk`), and the staged rows are
applied with one update and one insert. Memory stays flat however large the
file.

Everything, for one file or a whole folder, runs in one transaction. By
default a file with any bad row changes nothing; with *rejects* the good rows
are applied and the bad ones written, unchanged, to a file with an ``error``
column. A dry run reports and rolls back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from db import bulk
from db.connection import database_path
from db.files import atomic_text, check_target
from db.writes import bulk_changes_since, log_bulk_change, transaction
from tracker.counting import counted, counted_rows_of, singular_counted
from tracker.i18n import N_, _
from tracker.names import keep_name_keys
from tracker.parse import SHOWN_NAMES, shown
from tracker.records import (
    CUSTOMERS,
    ENTITIES,
    Entity,
    FieldError,
    ParseOptions,
    ValidationError,
    derive_key,
    validate_row,
)
from tracker.records.checks import Problem, check_staged, fill_staged, key_problems
from tracker.transfer.csvfile import (
    CsvFileError,
    HeaderMap,
    Source,
    map_header,
    open_source,
    read_rows,
    unprotect,
)
from tracker.transfer.kept import KEPT

#: Rows validated and staged at a time.
BATCH = 5_000
#: Row problems kept for the report (all of them go to a rejects file).
SHOWN = 20
#: A load at least this large (and over twice the table) rebuilds the table's indexes once instead of updating them.
REINDEX_AT = 20_000
#: How an import's change set summary begins (the app tells the owner when one lands); the summary is kept
#: in English, and worded in the owner's language when shown (:func:`imports_since`).
IMPORT_OF = "an import of "
#: What one record of each entity is called, for the catalogue (a message names the kind of record).
RECORD_NOUNS = (
    N_("customer"), N_("equipment unit"), N_("rental"), N_("complaint"), N_("interaction"), N_("payment"),
    N_("deposit"), N_("upkeep record"), N_("task"), N_("contact"), N_("return visit"),
)


@dataclass
class FileReport:
    """What importing one file did (or would do)."""

    entity: str
    name: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    #: The first problems, ``line N: column: what is wrong`` (up to :data:`SHOWN`).
    problems: list[str] = field(default_factory=list)
    #: Header names that matched no column (ignored), as a message shows them: the first
    #: few, then one more item saying how many more there are.
    ignored: tuple[str, ...] = ()
    #: Where the rejected rows were written, if anywhere.
    rejects: Path | None = None


class ImportRefused(Exception):
    """The import changed nothing because of bad rows; ``reports`` says which."""

    def __init__(self, reports: list[FileReport]) -> None:
        bad = sum(r.rejected for r in reports)
        super().__init__(_("{rows}; nothing was imported").format(rows=counted(bad, "bad row")))
        self.reports = reports


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass(frozen=True)
class Job:
    """One file to import: the entity, the path (``-`` for stdin), where its rejects go."""

    entity: str
    path: str | Path
    rejects: Path | None = None
    #: Whether a file with a header and no rows is fine (a folder's empty table) or an error.
    allow_empty: bool = False


Progress = Callable[[int], None]
#: Told how far a file has got: ("read", rows read so far) after each batch, ("checked", rows
#: staged) once the whole file is checked, ("applied", rows inserted or updated) once it is applied.
Steps = Callable[[str, int], None]


def header_required(entity: Entity) -> tuple[str, ...]:
    """Columns a file of *entity* must have: its key, or the columns a derived key is made of.

    A file may hold any other columns: a stored record is updated in those
    alone, and a new record must still have all its required columns (the
    row is refused, named, when the file lacks one).
    """
    if entity.derived_key:
        return tuple(c for c in entity.required if c != entity.key)
    return (entity.key,)


def import_files(
    conn: sqlite3.Connection,
    jobs: list[Job],
    *,
    encoding: str | None = None,
    dayfirst: bool = False,
    dry_run: bool = False,
    keep_going: bool = False,
    summary: str = "",
    progress: Callable[[Source], Progress | None] | None = None,
    today: date | None = None,
    steps: Steps | None = None,
) -> list[FileReport]:
    """Import the files of *jobs* (in dependency order) in one transaction.

    Without *keep_going* any bad row refuses everything (:class:`ImportRefused`,
    nothing changed). With it, bad rows are left out and written to each job's
    ``rejects`` file. *dry_run* reports what would happen and changes nothing.
    *today* (default the real today) is the day the rows are checked as of: a
    unit on a rental still on rent is out until it is returned, so at least
    until then. *steps* is told how far each file has got (:data:`Steps`).
    Raises :class:`CsvFileError` for a file that cannot be read at all.
    """
    day = today or date.today()
    order = [*ENTITIES, *KEPT]
    jobs = sorted(jobs, key=lambda j: order.index(j.entity))
    check_rejects(conn, jobs)
    reports: list[FileReport] = []
    sources: list[Source] = []
    try:
        for job in jobs:
            sources.append(open_source(job.path, encoding))
        try:
            with transaction(conn):
                for job, source in zip(jobs, sources):
                    tick = progress(source) if progress else None
                    if job.entity in KEPT:
                        reports.append(_import_kept(conn, job, source, dayfirst, tick))
                    else:
                        reports.append(_import_one(conn, job, source, dayfirst, tick, day, steps))
                bad = any(r.rejected for r in reports)
                if bad and not keep_going:
                    raise ImportRefused(reports)
                if dry_run:
                    raise _DryRun
                for job, source, report in zip(jobs, sources, reports):
                    if report.rejected and job.rejects is not None:
                        _write_rejects(conn, source, job, report)
                conn.execute("DROP TABLE IF EXISTS temp.import_problems")
                changed = sum(r.inserted + r.updated for r in reports)
                if changed:
                    rows = sum(r.rows for r in reports)
                    log_bulk_change(conn, f"{IMPORT_OF}{summary or _names(reports)}"
                                          f" ({counted(rows, 'row', english=True)}): {applied(reports, english=True)}")
        except _DryRun:
            pass
    finally:
        for source in sources:
            source.close()
    return reports


def check_rejects(conn: sqlite3.Connection, jobs: list[Job]) -> None:
    """Refuse (:class:`db.files.UnsafeTarget`), before anything is read, a rejects file that is
    the database, one of its SQLite files, or a file the import reads."""
    database = database_path(conn)
    reading = [Path(j.path) for j in jobs if str(j.path) != "-"]
    for job in jobs:
        if job.rejects is not None:
            check_target(job.rejects, database=database, reading=reading, what="--rejects")


def applied(reports: list[FileReport], *, english: bool = False) -> str:
    """What an import wrote, in words: "1,204 rentals and changes to 3 customers".

    In the language spoken now, or with *english* as the change log keeps it.
    """
    added = [counted_rows_of(r.inserted, r.entity, english=english) for r in reports if r.inserted]
    changed = [counted_rows_of(r.updated, r.entity, english=english) for r in reports if r.updated]
    return _applied_text(added, changed, english=english)


def _applied_text(added: list[str], changed: list[str], *, english: bool = False) -> str:
    def tr(message: str) -> str:
        return message if english else _(message)

    records = ", ".join(changed)
    if added and changed:
        return tr(N_("{added} and changes to {records}")).format(added=", ".join(added), records=records)
    if changed:
        return tr(N_("changes to {records}")).format(records=records)
    if len(added) > 1:
        return tr(N_("{items} and {last}")).format(items=", ".join(added[:-1]), last=added[-1])
    return "".join(added)


def _applied_shown(what: str) -> str:
    """What the change log says an import wrote (English), in the language spoken now; as logged if unread."""
    added_text, changed_text = what, ""
    if what.startswith("changes to "):
        added_text, changed_text = "", what.removeprefix("changes to ")
    elif " and changes to " in what:
        added_text, _sep, changed_text = what.partition(" and changes to ")
    head, _sep, last = added_text.rpartition(" and ")
    items = [*head.split(", "), last] if head and not changed_text else added_text.split(", ") if added_text else []
    counts = [singular_counted(item) for item in items]
    changes = [singular_counted(item) for item in changed_text.split(", ")] if changed_text else []
    if any(c is None for c in (*counts, *changes)):
        return what
    return _applied_text([counted(*c) for c in counts if c], [counted(*c) for c in changes if c])


def imports_since(conn: sqlite3.Connection, after: int) -> list[tuple[int, str]]:
    """The imports logged after change set *after*, oldest first, as (id, "Imported 1,204 rentals (from r.csv)")."""
    out = []
    for set_id, summary in bulk_changes_since(conn, after):
        if summary.startswith(IMPORT_OF):
            source, _sep, what = summary.removeprefix(IMPORT_OF).rpartition(": ")
            out.append((set_id, _("Imported {what} (from {source})").format(
                what=_applied_shown(what), source=source.rsplit(" (", 1)[0])))
    return out


def _names(reports: list[FileReport]) -> str:
    return ", ".join(Path(r.name).name for r in reports)


def _header_and_rows(source: Source) -> tuple[Iterator[tuple[int, list[str]]], list[str]]:
    """The file's header row, and its other rows still to read; an empty file is refused."""
    rows = read_rows(source)
    first = next(rows, None)
    if first is None:
        raise CsvFileError(_("{file}: empty file (no header row)").format(file=source.name))
    return rows, first[1]


def _import_one(
    conn: sqlite3.Connection, job: Job, source: Source, dayfirst: bool, tick: Progress | None, today: date,
    steps: Steps | None = None,
) -> FileReport:
    entity = ENTITIES[job.entity]
    report = FileReport(job.entity, source.name)
    rows, header = _header_and_rows(source)
    try:
        hmap = map_header(entity, header, header_required(entity))
    except CsvFileError as exc:
        raise CsvFileError(f"{source.name}: {exc}") from None
    report.ignored = _listed(hmap.unknown)
    problems = _Problems(conn, job.entity, report)
    bulk.create_staging(conn, entity)
    had_rows = bulk.has_rows(conn, entity)
    options = ParseOptions(dayfirst=dayfirst, today=today)
    position = 0
    for batch in _batches(rows):
        good = _validate_batch(conn, entity, hmap, len(header), batch, had_rows, options, problems)
        bulk.stage(conn, entity, good)
        report.rows += len(batch)
        if tick is not None:
            now = source.position()
            tick(now - position)
            position = now
        if steps is not None:
            steps("read", report.rows)
    _check_staged(conn, entity, hmap, had_rows, problems, today)
    staged = bulk.staged_count(conn)
    if steps is not None:
        steps("checked", staged)
    if staged:
        indexes = bulk.secondary_indexes(conn, entity)
        existing = bulk.row_count(conn, entity) if had_rows else 0
        rebuild = staged >= REINDEX_AT and staged > 2 * existing and indexes
        if rebuild:
            bulk.drop_indexes(conn, indexes)
        report.inserted, report.updated = bulk.apply_staged(conn, entity, table_was_empty=not had_rows)
        if rebuild:
            bulk.create_indexes(conn, indexes)
        if entity is CUSTOMERS:
            keep_name_keys(conn)  # the new names' and the changed names' (unchanged ones keep theirs)
    report.unchanged = staged - report.inserted - report.updated
    if steps is not None:
        steps("applied", report.inserted + report.updated)
    bulk.drop_staging(conn)
    if report.rows == 0 and not job.allow_empty:
        raise CsvFileError(_("{file}: no rows below the header; nothing to import").format(file=source.name))
    return report


def _import_kept(
    conn: sqlite3.Connection, job: Job, source: Source, dayfirst: bool, tick: Progress | None
) -> FileReport:
    """Import a settings or tier history file (:mod:`tracker.transfer.kept`)."""
    table = KEPT[job.entity]
    report = FileReport(job.entity, source.name)
    rows, header = _header_and_rows(source)
    table.header(header, source.name)
    problems = _Problems(conn, job.entity, report)

    def counted() -> Iterator[tuple[int, list[str]]]:
        for item in rows:
            report.rows += 1
            yield item

    applied = table.read(conn, counted(), lambda line, why: problems.add([(line, why)]))
    problems.finish()
    report.inserted, report.updated, report.unchanged = applied.inserted, applied.updated, applied.unchanged
    return report


def _listed(names: tuple[str, ...]) -> tuple[str, ...]:
    """*names* for a message: the first :data:`SHOWN_NAMES`, each as :func:`shown`, then ``… and N more``."""
    listed = tuple(shown(n, 40) for n in names[:SHOWN_NAMES])
    if len(names) > SHOWN_NAMES:
        listed += (_("… and {n} more").format(n=f"{len(names) - SHOWN_NAMES:,}"),)
    return listed


def _batches(rows: Iterator[tuple[int, list[str]]]) -> Iterator[list[tuple[int, list[str]]]]:
    batch: list[tuple[int, list[str]]] = []
    for item in rows:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Problems:
    """Bad rows of one file: counted, the first few kept for the report, all in a temp table."""

    def __init__(self, conn: sqlite3.Connection, entity: str, report: FileReport) -> None:
        self.conn = conn
        self.entity = entity
        self.report = report
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS import_problems (entity TEXT, line INTEGER, error TEXT)"
        )

    def add(self, items: list[tuple[int, str]]) -> None:
        if not items:
            return
        self.conn.executemany(
            "INSERT INTO temp.import_problems VALUES (?, ?, ?)", [(self.entity, n, e) for n, e in items]
        )
        self.report.rejected += len(items)

    def finish(self) -> None:
        """Keep the first problems, by line, for the report."""
        self.report.problems = [
            _("line {line}: {problem}").format(line=n, problem=e)
            for n, e in self.conn.execute(
                "SELECT line, error FROM temp.import_problems WHERE entity = ? ORDER BY line LIMIT ?",
                (self.entity, SHOWN),
            )
        ]


def _validate_batch(
    conn: sqlite3.Connection,
    entity: Entity,
    hmap: HeaderMap,
    width: int,
    batch: list[tuple[int, list[str]]],
    had_rows: bool,
    options: ParseOptions,
    problems: _Problems,
) -> list[tuple[object, ...]]:
    """Validate one batch of file rows; bad ones go to *problems*, good ones are returned for staging."""
    positions = [(i, c) for i, c in enumerate(hmap.columns) if c is not None]
    every = len(positions) == width  # every column mapped: the row zips straight onto the names
    names = tuple(c for _position, c in positions)
    derive = bool(entity.derived_key)
    raws: list[tuple[int, dict[str, str]]] = []
    bad: list[tuple[int, str]] = []
    for line, cells in batch:
        if len(cells) != width:
            bad.append((line, _("has {cells} cells where the header has {width}").format(cells=len(cells), width=width)))
            continue
        if "\n'" in "\n" + "\n".join(cells):  # some cell starts with a quote: maybe formula protection
            cells = [unprotect(cell) for cell in cells]
        raw = dict(zip(names, cells)) if every else {c: cells[i] for i, c in positions}
        if derive and not (raw.get(entity.key) or "").strip():
            raw[entity.key] = derive_key(entity, raw)
        raws.append((line, raw))
    bases: dict[str, tuple[object, ...]] = {}
    key = entity.key
    if had_rows:
        bases = bulk.stored_rows(conn, entity, [raw.get(key, "").strip() for _line, raw in raws])
    good: list[tuple[object, ...]] = []
    present = hmap.present()
    for line, raw in raws:
        try:
            base = bases.get(raw.get(key, "").strip()) if bases else None
            row = validate_row(entity, raw, base_row=base, options=options)
        except ValidationError as exc:
            bad.append((line, "; ".join(_problem(entity, hmap, e, present) for e in exc.errors)))
            continue
        good.append((line, *row))
    problems.add(bad)
    return good


def _problem(entity: Entity, hmap: HeaderMap, error: FieldError, present: set[str]) -> str:
    """One field's problem as the report says it, naming the file's column (or that it has none)."""
    if error.field not in present and error.message in ("is required", _("is required")):
        return _("{column}: a new {record} needs it, and the file has no {column} column").format(
            column=error.field, record=_(entity.singular))
    return _("{field}: {problem}").format(field=hmap.label(error.field), problem=error.message)


def _check_staged(
    conn: sqlite3.Connection, entity: Entity, hmap: HeaderMap, had_rows: bool, problems: _Problems, today: date
) -> None:
    """The checks that need the whole file and the stored records (:mod:`tracker.records.checks`)."""

    def refuse(found: list[Problem]) -> None:
        problems.add([(p.line, _("{field}: {problem}").format(field=hmap.label(p.column), problem=p.message)
                       if p.column else p.message) for p in found])
        bulk.unstage(conn, sorted({p.line for p in found}))

    refuse(key_problems(conn, entity, derived=entity.key not in hmap.present()))
    fill_staged(conn, entity, refuse=refuse)
    check_staged(conn, entity, stored=had_rows, refuse=refuse, today=today)
    problems.finish()


def _write_rejects(conn: sqlite3.Connection, source: Source, job: Job, report: FileReport) -> None:
    """Write the file's refused rows, cells unchanged, with an ``error`` column, to the job's rejects file."""
    import csv

    assert job.rejects is not None
    errors: dict[int, str] = {}
    for line, error in conn.execute(
        "SELECT line, error FROM temp.import_problems WHERE entity = ? ORDER BY line", (job.entity,)
    ):
        errors[line] = f"{errors[line]}; {error}" if line in errors else error
    source.binary.seek(0)
    with atomic_text(job.rejects, encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        rows = read_rows(source)
        _line, header = next(rows)
        writer.writerow([*header, "error"])
        for line, cells in rows:
            if line in errors:
                writer.writerow([*cells, errors[line]])
    report.rejects = job.rejects
