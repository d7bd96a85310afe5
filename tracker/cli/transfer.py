"""``rentrack import`` and ``rentrack export``: canonical CSV in and out.

Reports and errors go to stderr; only exported data goes to stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.help import Command
from tracker.cli.state import CliState, check_new_file, date_option, no_database, pass_state, unsafe_target
from tracker.counting import counted, counted_rows_of
from tracker.i18n import _, ngettext

if TYPE_CHECKING:  # imported lazily at run time so `rentrack --help` stays instant
    from tracker.transfer.csvfile import Source
    from tracker.transfer.importer import FileReport, Job

#: What import and export take: the entities, then what the board recorded and the owner set.
ENTITY_NAMES = (
    "customers", "equipment", "rentals", "complaints", "interactions", "payments", "deposits", "upkeep", "tasks",
    "contacts", "return_visits", "tier_history", "settings",
)
ENTITY = click.Choice([*ENTITY_NAMES, "all"], case_sensitive=False)
#: Files smaller than this import without a progress bar.
PROGRESS_FROM = 5_000_000


@click.command("import", cls=Command)
@click.argument("entity", type=ENTITY, metavar="ENTITY")
@click.argument("file", metavar="FILE|DIR")
@click.option("--dry-run", is_flag=True, help="Validate and report what would change; write nothing.")
@click.option(
    "--rejects",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Apply the good rows and write the bad ones, unchanged, to PATH with an 'error' column"
    " (with 'all', PATH is a folder); exit non-zero if every row was refused.",
)
@click.option("--encoding", metavar="NAME", help="The file's encoding (default: detected; utf-8, gb18030, ...).")
@click.option("--dayfirst", is_flag=True, help="Read 05/03/2024 as 5 March (ISO dates are always ISO).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Check the rows as of this date (default today): a unit on a rental still on rent"
              " is out until then at least.")
@pass_state
def import_(
    state: CliState,
    entity: str,
    file: str,
    dry_run: bool,
    rejects: Path | None,
    encoding: str | None,
    dayfirst: bool,
    as_of: str | None,
) -> None:
    """Import ENTITY records from a CSV FILE ('-' for stdin), or 'all' from a folder.

    ENTITY is customers, equipment, rentals, complaints, interactions,
    payments, deposits, upkeep, tier_history or settings. Rows
    are matched to stored records by their key (code or ref): new ones are
    added, changed ones updated (only the columns the file has), the same ones
    left alone. Headers match the canonical column names in any case, with
    spaces or underscores, and common English and Chinese names (客户编号,
    开始日期, 金额, ...). The file is applied whole or not at all: any bad row
    refuses it, unless --rejects is given. With --rejects the exit status is
    0 when any row was taken (even one already stored as it is), and
    non-zero when every row was refused: nothing was imported. 'import all DIR'
    reads DIR/customers.csv, equipment.csv, rentals.csv, complaints.csv,
    interactions.csv, payments.csv, deposits.csv, upkeep.csv, tier_history.csv
    and settings.csv (those present), in that order, in one
    transaction: what 'export all DIR' writes.
    """
    from db.files import UnsafeTarget
    from tracker.transfer.csvfile import CsvFileError
    from tracker.transfer.importer import ImportRefused, Job, import_files

    today = date_option(as_of, "--as-of")
    entity = entity.lower()
    if entity == "all":
        jobs, summary = _folder_jobs(Path(file), rejects), f"folder {file}"
    else:
        if rejects is not None and rejects.is_dir():
            raise click.UsageError(_("--rejects {path} is a folder; give a file name").format(path=rejects))
        jobs, summary = [Job(entity, file, rejects)], ("stdin" if file == "-" else Path(file).name)
    conn = state.connect()
    bars = _ProgressBars()
    try:
        try:
            reports = import_files(
                conn, jobs, encoding=encoding, dayfirst=dayfirst, dry_run=dry_run,
                keep_going=rejects is not None, summary=summary, progress=bars, today=today,
            )
        finally:
            bars.close()
    except CsvFileError as exc:
        raise click.ClickException(str(exc)) from None
    except UnsafeTarget as exc:
        raise click.ClickException(unsafe_target(exc)) from None
    except ImportRefused as refused:
        for report in refused.reports:
            _print_report(report, dry_run=dry_run, refused=True)
        raise click.ClickException(_("{refused}; fix the rows above (or use --rejects PATH)").format(
            refused=refused)) from None
    finally:
        conn.close()
    for report in reports:
        _print_report(report, dry_run=dry_run, refused=False)
    if dry_run:
        click.echo(_("Dry run: nothing was written."), err=True)
        if any(r.rejected for r in reports) and rejects is None:
            sys.exit(1)
    refused = sum(r.rejected for r in reports)
    if refused and not any(r.inserted + r.updated + r.unchanged for r in reports):
        if dry_run:
            if refused == 1:
                raise click.ClickException(_("nothing would be imported: the row was refused"))
            raise click.ClickException(_("nothing would be imported: all {rows} were refused").format(
                rows=counted(refused, "row")))
        if refused == 1:
            raise click.ClickException(_("nothing was imported: the row was refused (written to {path})").format(
                path=rejects))
        raise click.ClickException(_("nothing was imported: all {rows} were refused (written to {path})").format(
            rows=counted(refused, "row"), path=rejects))


def _folder_jobs(folder: Path, rejects: Path | None) -> list[Job]:
    from tracker.transfer.importer import Job

    if not folder.is_dir():
        raise click.ClickException(
            _("{folder}: not a folder (import all reads <entity>.csv files from a folder)").format(folder=folder))
    if rejects is not None and rejects.exists() and not rejects.is_dir():
        raise click.UsageError(_("--rejects {path}: with 'all' it must be a folder").format(path=rejects))
    if rejects is not None and rejects.resolve() == folder.resolve():
        raise click.UsageError(_("--rejects must be another folder: the rejects would replace the files read"))
    present = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    jobs = []
    for name in ENTITY_NAMES:
        path = present.get(f"{name}.csv")
        if path is not None:
            jobs.append(Job(name, path, rejects / f"{name}.csv" if rejects else None, allow_empty=True))
    if not jobs:
        raise click.ClickException(_("{folder}: none of {files}").format(
            folder=folder, files=", ".join(f"{n}.csv" for n in ENTITY_NAMES)))
    return jobs


class _ProgressBars:
    """Progress bars on stderr for large files, when stderr is a terminal; all closed at the end."""

    def __init__(self) -> None:
        self.open: list = []

    def __call__(self, source: Source) -> Callable[[int], None] | None:
        if not sys.stderr.isatty() or not source.size or source.size < PROGRESS_FROM:
            return None
        self.close()
        bar = click.progressbar(length=source.size, label=_("Reading {file}").format(file=source.name), file=sys.stderr)
        bar.__enter__()
        self.open.append(bar)
        return bar.update

    def close(self) -> None:
        while self.open:
            self.open.pop().__exit__(None, None, None)


def _print_report(report: FileReport, *, dry_run: bool, refused: bool) -> None:
    name = report.name
    if report.ignored:
        columns = ", ".join(report.ignored)
        line = ngettext("{file}: ignored column: {columns}", "{file}: ignored columns: {columns}", len(report.ignored))
        click.echo(line.format(file=name, columns=columns), err=True)
    for problem in report.problems:
        click.echo(f"{name}: {problem}", err=True)
    if report.rejected > len(report.problems):
        click.echo(_("{file}: ... and {rows}").format(
            file=name, rows=counted(report.rejected - len(report.problems), "more bad row")), err=True)
    if refused:
        return
    counts = {"entity": report.entity, "rows": counted(report.rows, "row"), "file": name,
              "inserted": f"{report.inserted:,}", "updated": f"{report.updated:,}",
              "unchanged": f"{report.unchanged:,}", "rejected": f"{report.rejected:,}"}
    if dry_run:
        line = _("{entity}: {rows} read from {file}: would insert {inserted}, updated {updated},"
                 " unchanged {unchanged}, rejected {rejected}").format(**counts)
    else:
        line = _("{entity}: {rows} read from {file}: inserted {inserted}, updated {updated},"
                 " unchanged {unchanged}, rejected {rejected}").format(**counts)
    if report.rejects is not None:
        line = _("{report} (written to {path})").format(report=line, path=report.rejects)
    click.echo(line, err=True)


@click.command(cls=Command)
@click.argument("entity", type=ENTITY, metavar="ENTITY")
@click.argument("folder", required=False, metavar="[DIR]")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout ('-' for stdout).")
@click.option("--bom/--no-bom", default=True, show_default=True,
              help="Start with a UTF-8 byte-order mark so Excel reads CJK text correctly.")
@click.option("--force", is_flag=True, help="Overwrite FILE (with -o) or the files in DIR if they exist.")
@pass_state
def export(state: CliState, entity: str, folder: str | None, output: str | None, bom: bool, force: bool) -> None:
    """Export ENTITY as canonical CSV (stdout by default), or 'all' into folder DIR.

    ENTITY is customers, equipment, rentals, complaints, interactions,
    payments, deposits, upkeep, tier_history, settings or all (every one of
    them, into DIR).
    Files are UTF-8 with a byte-order mark (Excel reads CJK text correctly);
    --no-bom writes plain UTF-8.

    Columns are the canonical ones in canonical order, rows by key. Text
    cells that a spreadsheet would run as a formula (starting with = + - @,
    tab or a line break) get a leading ' (import takes it off again).
    Files are written under a temporary name and renamed when complete;
    one that exists is refused unless --force is given, and so is a folder
    that does not exist (only DIR itself is created, inside an existing one).
    """
    from db.files import UnsafeTarget

    try:
        _export(state, entity.lower(), folder, output, bom, force)
    except UnsafeTarget as exc:
        raise click.ClickException(unsafe_target(exc)) from None


def _check_export_target(state: CliState, path: Path, force: bool) -> None:
    """Refuse the database's own files first (the graver mistake), then a missing folder or an existing file."""
    from db.files import check_target

    check_target(path, database=state.db_path, what="the export")
    check_new_file(path, force=force)


def _export(state: CliState, entity: str, folder: str | None, output: str | None, bom: bool, force: bool) -> None:
    from tracker.transfer.exporter import export_file, export_folder, export_names, write

    target = folder or (output if output not in (None, "-") else None)
    if entity == "all" and target is None:
        raise click.UsageError(_("export all needs a folder: rentrack export all DIR"))
    if not state.db_path.exists():
        raise click.ClickException(no_database(state.db_path))
    if entity == "all":
        assert target is not None
        if Path(target).exists() and not Path(target).is_dir():
            raise click.ClickException(_("{folder}: not a folder").format(folder=target))
        check_new_file(Path(target), force=True)
        for name in export_names() if Path(target).is_dir() else ():
            _check_export_target(state, Path(target) / f"{name}.csv", force)
        conn = state.connect(reading=True)
        try:
            counts = export_folder(conn, target, bom=bom)
        finally:
            conn.close()
        summary = _(", ").join(counted_rows_of(n, name) for name, n in counts.items())
        click.echo(_("Exported {summary} to {target}.").format(summary=summary, target=target), err=True)
        return
    if folder is not None:
        raise click.UsageError(_("unexpected argument {argument} (use -o FILE to write a file)").format(
            argument=repr(folder)))
    if output not in (None, "-") and Path(output).is_dir():
        raise click.ClickException(_("{file}: is a folder; give a file name (or use export all DIR)").format(
            file=output))
    if output not in (None, "-"):
        _check_export_target(state, Path(output), force)
    conn = state.connect(reading=True)
    try:
        if output in (None, "-"):
            import io

            sys.stdout.flush()
            out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
            try:
                write(conn, entity, out, bom=bom)
                out.flush()
            finally:
                out.detach()
        else:
            n = export_file(conn, entity, output, bom=bom)
            click.echo(_("Exported {summary} to {target}.").format(summary=counted_rows_of(n, entity), target=output),
                       err=True)
    finally:
        conn.close()
