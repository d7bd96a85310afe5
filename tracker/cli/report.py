"""``rentrack report``: figures over a window of days, as a table, CSV or JSON.

Only click is imported at the top; the database, the queries and Rich are
imported inside the commands so ``rentrack --help`` stays instant.
"""

from __future__ import annotations

from datetime import date, timedelta

import click

from tracker.cli.state import CliState, date_option, pass_state

#: A unit report's columns, in order (the CSV header).
UNIT_COLUMNS = (
    "code", "name", "category", "status", "days_out", "window_days", "utilisation", "rentals", "revenue",
    "rental_cost", "upkeep_cost", "profit",
)


@click.group()
def report() -> None:
    """Figures over a window of days (default: the 365 days up to today)."""


@report.command("units")
@click.option("--from", "first", metavar="DATE", help="First day of the window (default: 364 days before --to).")
@click.option("--to", "last", metavar="DATE", help="Last day of the window (default today).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@pass_state
def units(state: CliState, first: str | None, last: str | None, fmt: str) -> None:
    """Each unit's utilisation (days out of the window's days), rentals, revenue, costs and profit.

    Profit is the revenue of the counting rentals that started in the window,
    less their costs and the unit's upkeep (inspections, services, repairs)
    done in it.
    """
    from tracker.views import unit_report

    to = date_option(last, "--to") or date.today()
    since = date_option(first, "--from") or to - timedelta(days=364)
    if since > to:
        raise click.BadParameter(f"{since} is after --to {to}", param_hint="--from")
    if not state.db_path.exists():
        raise click.ClickException(f"{state.db_path}: no such database")
    figures = unit_report(state.connect(reading=True), since, to)
    rows = [
        (u.code, u.name, u.category, u.status, u.days_out, u.window_days, round(u.utilisation, 4), u.rentals,
         u.revenue, u.rental_cost, u.upkeep_cost, u.profit)
        for u in figures
    ]
    if fmt == "json":
        import json

        money = {"revenue", "rental_cost", "upkeep_cost", "profit"}
        doc = {"from": since.isoformat(), "to": to.isoformat(), "units": [
            {c: (v / 100 if c in money else v) for c, v in zip(UNIT_COLUMNS, row)} for row in rows]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        _write_csv(rows)
    else:
        _write_table(rows, since, to)


def _write_csv(rows: list[tuple]) -> None:
    import csv
    import io

    from tracker.cents import cents_to_text
    from tracker.transfer.csvfile import protect

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(UNIT_COLUMNS)
    for row in rows:
        code, name, category, status, days, window, share, n, *money = row
        writer.writerow((protect(code), protect(name), category, status, days, window, f"{share:.4f}", n,
                         *(cents_to_text(m) for m in money)))
    click.echo(buf.getvalue(), nl=False)


def _write_table(rows: list[tuple], since: date, to: date) -> None:
    import sys

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tracker.cents import cents_to_text

    table = Table(title=f"Units from {since} to {to}", title_justify="left", header_style="bold")
    for name, width in (("code", 4), ("name", 12), ("status", 9), ("out", 0), ("use", 0), ("rentals", 0),
                        ("revenue", 0), ("costs", 0), ("upkeep", 0), ("profit", 0)):
        if width:
            table.add_column(name, min_width=width, overflow="fold")
        else:
            table.add_column(name, justify="right", no_wrap=True)
    for code, name, _, status, days, window, share, n, revenue, cost, upkeep, profit in rows:
        table.add_row(  # what the owner typed goes in as Text, never read as markup
            Text(code), Text(name), status, f"{days}/{window}", f"{share:.0%}", str(n),
            *(cents_to_text(m, thousands=True) for m in (revenue, cost, upkeep)),
            Text(cents_to_text(profit, thousands=True), style="red" if profit < 0 else ""),
        )
    # In a terminal the table takes its width; written to a file or a pipe it is never cut.
    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 200, highlight=False, soft_wrap=False)
    console.print(table)
