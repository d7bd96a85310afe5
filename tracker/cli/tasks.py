"""``rentrack task`` (add, done, snooze, list), ``rentrack visit`` and ``rentrack today``: next actions,
promises, return visits and the day's list.

Only click is imported at the top; the rest inside the commands so ``rentrack --help`` stays instant.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

import click

from tracker import words
from tracker.cli.help import Command, Group
from tracker.cli.state import CliState, date_option, no_database, pass_state
from tracker.i18n import N_, _

FORMAT = click.Choice(("table", "json"))
#: What the day's list holds besides tasks and promises (:mod:`tracker.today`), for the catalogue.
TODAY_KINDS = (N_("follow-up"), N_("complaint"), N_("return"), N_("unpaid"), N_("return-visit"), N_("birthday"))


def _open(state: CliState, *, reading: bool) -> sqlite3.Connection:
    if reading and not state.db_path.exists():
        raise click.ClickException(no_database(state.db_path, hint=True))
    return state.connect(reading=reading)


def _refused(exc: Exception) -> click.ClickException:
    """One line of what the save refused (every field's message)."""
    from tracker.records import ValidationError

    if isinstance(exc, ValidationError):
        return click.ClickException("; ".join(
            _("{field}: {problem}").format(field=e.field.replace("_", " "), problem=e.message) for e in exc.errors))
    return click.ClickException(str(exc))


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A Rich table on stdout, its headings (declared in English) in the language spoken now."""
    import sys

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", header_style="bold")
    for name in header:
        table.add_column(_(name))
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # what the owner typed is never markup
    console = Console(width=None if sys.stdout.isatty() else 200, highlight=False, soft_wrap=False)
    console.print(table)


def _json(doc: Any) -> None:
    import json

    click.echo(json.dumps(doc, ensure_ascii=False, indent=2))


@click.group(cls=Group)
def task() -> None:
    """Next actions on customers and promises made to them: add, done, snooze, list."""


@task.command("add")
@click.argument("customer")
@click.argument("what")
@click.option("--due", required=True, metavar="DATE", help="When it is due: a date, today, +3, 下周一...")
@click.option("--promise", is_flag=True, help="A promise made to the customer (not just a next action).")
@click.option("--note", default="", help="A note kept with it.")
@pass_state
def task_add(state: CliState, customer: str, what: str, due: str, promise: bool, note: str) -> None:
    """Add a task (or with --promise a promise) on CUSTOMER (its code): WHAT is to be done."""
    from tracker.records import ValidationError
    from tracker.services import add_task

    try:
        saved = add_task(state.connect(), customer, what, due, kind="promise" if promise else "task", note=note)
    except ValidationError as exc:
        raise _refused(exc) from None
    r = saved.record
    if r.kind == "promise":
        click.echo(_("Added promise {ref} for {customer}, due {due}.").format(ref=r.ref, customer=r.customer, due=r.due),
                   err=True)
    else:
        click.echo(_("Added task {ref} for {customer}, due {due}.").format(ref=r.ref, customer=r.customer, due=r.due),
                   err=True)
    click.echo(r.ref)


@task.command("done")
@click.argument("ref")
@click.option("--on", "on", metavar="DATE", help="The day it was done (default today).")
@pass_state
def task_done(state: CliState, ref: str, on: str | None) -> None:
    """Mark task REF done."""
    from tracker.records import ValidationError
    from tracker.services import done_task

    try:
        saved = done_task(state.connect(), ref, date_option(on, "--on"))
    except ValidationError as exc:
        raise _refused(exc) from None
    if saved.record.kind == "promise":
        click.echo(_("Promise {ref} done on {day}.").format(ref=ref, day=saved.record.done_on), err=True)
    else:
        click.echo(_("Task {ref} done on {day}.").format(ref=ref, day=saved.record.done_on), err=True)


@task.command("snooze")
@click.argument("ref")
@click.argument("until", metavar="1w|2w|1m|DATE")
@pass_state
def task_snooze(state: CliState, ref: str, until: str) -> None:
    """Put task REF off by a week (1w), two (2w), a month (1m), or until a DATE."""
    from tracker.records import ValidationError
    from tracker.services import snooze_task

    try:
        saved = snooze_task(state.connect(), ref, until)
    except ValidationError as exc:
        raise _refused(exc) from None
    if saved.record.kind == "promise":
        click.echo(_("Promise {ref} snoozed until {day}.").format(ref=ref, day=saved.record.snoozed_until), err=True)
    else:
        click.echo(_("Task {ref} snoozed until {day}.").format(ref=ref, day=saved.record.snoozed_until), err=True)


@task.command("list")
@click.option("--customer", metavar="CODE", help="Only this customer's.")
@click.option("--all", "include_done", is_flag=True, help="Done ones too.")
@click.option("--as-of", "as_of", metavar="DATE", help="Open as of this date (default today).")
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True)
@pass_state
def task_list(state: CliState, customer: str | None, include_done: bool, as_of: str | None, fmt: str) -> None:
    """Open tasks and promises, by the day they come up (a snoozed one from its snooze's end)."""
    from db.task_queries import tasks

    day = date_option(as_of, "--as-of") or date.today()
    rows = tasks(_open(state, reading=True), as_of=day.isoformat(), include_done=include_done, customer=customer)
    if fmt == "json":
        _json({"as_of": day.isoformat(), "tasks": rows})
        return
    _table(
        _("Tasks as of {day}").format(day=day.isoformat()),
        (N_("ref"), N_("customer"), N_("name"), N_("kind"), N_("what"), N_("due"), N_("snoozed until"), N_("done")),
        [(r["ref"], r["customer"], r["name"], words.shown(r["kind"]), r["what"], r["due"], r["snoozed_until"] or "",
          r["done_on"] or "") for r in rows],
    )


@click.command(cls=Command)
@click.argument("rental")
@click.argument("rating", type=click.Choice(("not-satisfied", "ok", "satisfied", "very-satisfied")))
@click.option("--on", "on", default="today", show_default=True, metavar="DATE", help="The day of the visit.")
@click.option("--note", default="", help="What the customer said.")
@pass_state
def visit(state: CliState, rental: str, rating: str, on: str, note: str) -> None:
    """Log a return visit after RENTAL came back: how satisfied the customer was (scored 0/40/60/100)."""
    from tracker.records import ValidationError
    from tracker.services import log_visit

    try:
        saved = log_visit(state.connect(), rental, rating, on=on, note=note)
    except ValidationError as exc:
        raise _refused(exc) from None
    r = saved.record
    click.echo(_("Logged return visit {ref} on {rental} ({rating}, {day}) for {customer}.").format(
        ref=r.ref, rental=r.rental, rating=words.shown(r.rating), day=r.date, customer=saved.customer), err=True)
    click.echo(r.ref)


@click.command(cls=Command)
@click.option("--as-of", "as_of", metavar="DATE", help="The day's list as of this date (default today).")
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True)
@pass_state
def today(state: CliState, as_of: str | None, fmt: str) -> None:
    """What needs doing today, most urgent first: tasks and promises due, follow-ups due, complaints
    waiting, returns due, unpaid rentals and birthdays in the coming week.

    Promises first, then tasks, complaints (the most severe first), returns,
    follow-ups (platinum first), return visits, unpaid rentals, birthdays;
    within each, what fell due longest ago first.
    """
    from tracker.today import item_dict, today_items

    day = date_option(as_of, "--as-of") or date.today()
    items = today_items(_open(state, reading=True), day)
    if fmt == "json":
        _json({"as_of": day.isoformat(), "items": [item_dict(i, day) for i in items]})
        return
    _table(
        _("Today, {day} · {n} to do").format(day=day.isoformat(), n=len(items)),
        (N_("day"), N_("kind"), N_("customer"), N_("name"), N_("what")),
        [(i.day.isoformat(), words.shown(i.kind), i.customer, i.name, i.what) for i in items],
    )
