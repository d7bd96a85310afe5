"""``rentrack report``: how the business moves, as a table, CSV or JSON.

``units`` (each unit's use and profit over a window), ``monthly`` (profit and
rentals a month), ``pareto`` (the 80/20 curve), ``tiers`` (who moved between
two days' boards), ``emotion`` (a tier's emotion a month) and ``complaints``
(by cause a quarter). Only click is
imported at the top; the database, the queries and Rich are imported inside
the commands so ``rentrack --help`` stays instant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import click

from tracker import words
from tracker.cli.help import Group
from tracker.cli.state import CliState, date_option, no_database, pass_state
from tracker.counting import counted
from tracker.i18n import N_, _

#: A unit report's columns, in order (the CSV header).
UNIT_COLUMNS = (
    "code", "name", "category", "status", "days_out", "window_days", "utilisation", "rentals", "revenue",
    "rental_cost", "upkeep_cost", "profit",
)
MONTH_COLUMNS = ("month", "rentals", "revenue", "cost", "compensation", "profit")
PARETO_COLUMNS = ("customers", "customer_share", "profit_share")
#: The tier report's row of the customers not on the earlier board, and column of those not on the later one.
NEW, GONE = N_("new"), N_("gone")

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                      show_default=True, help="A table to read, or CSV / JSON for another program.")


def _window(state: CliState, first: str | None, last: str | None, days: int) -> tuple[Any, date, date]:
    """The reading connection and the window: --to (default today), --from (default *days* before it)."""
    to = date_option(last, "--to") or date.today()
    since = date_option(first, "--from") or to - timedelta(days=days)
    if since > to:
        raise click.BadParameter(_("{since} is after --to {to}").format(since=since, to=to), param_hint="--from")
    if not state.db_path.exists():
        raise click.ClickException(no_database(state.db_path))
    return state.connect(reading=True), since, to


def _from(help_: str) -> Callable[[Any], Any]:
    return click.option("--from", "first", metavar="DATE", help=help_)


_TO = click.option("--to", "last", metavar="DATE", help="Last day (default today).")


def _right(heading: str) -> str:
    """A table heading whose column is right-aligned (see :func:`_table`)."""
    return ">" + heading


@click.group(cls=Group)
def report() -> None:
    """How the business moves: units, months, the 80/20 curve, tier moves, a tier's emotion, complaints."""


@report.command("units")
@_from("First day of the window (default: 364 days before --to).")
@_TO
@FORMAT
@pass_state
def units(state: CliState, first: str | None, last: str | None, fmt: str) -> None:
    """Each unit's utilisation (days out of the window's days), rentals, revenue, costs and profit.

    Profit is the revenue of the counting rentals that started in the window,
    less their costs and the unit's upkeep (inspections, services, repairs)
    done in it.
    """
    from tracker.cents import cents_to_text
    from tracker.views import unit_report

    conn, since, to = _window(state, first, last, 364)
    figures = unit_report(conn, since, to)
    rows = [
        (u.code, u.name, u.category, u.status, u.days_out, u.window_days, round(u.utilisation, 4), u.rentals,
         u.revenue, u.rental_cost, u.upkeep_cost, u.profit)
        for u in figures
    ]
    money = {"revenue", "rental_cost", "upkeep_cost", "profit"}
    if fmt == "json":
        _json(since, to, "units", [{c: (v / 100 if c in money else v) for c, v in zip(UNIT_COLUMNS, r)} for r in rows])
    elif fmt == "csv":
        _csv(UNIT_COLUMNS, [
            (code, name, category, status, days, window, f"{share:.4f}", n, *(cents_to_text(m) for m in cash))
            for code, name, category, status, days, window, share, n, *cash in rows
        ], text=(0, 1))
    else:
        _table(_("Units from {since} to {to}").format(since=since, to=to),
               (N_("code"), N_("name"), N_("status"), _right(N_("out")), _right(N_("use")), _right(N_("rentals")),
                _right(N_("revenue")), _right(N_("costs")), _right(N_("upkeep")), _right(N_("profit"))),
               [(code, name, words.shown(status), f"{days}/{window}", f"{share:.0%}", str(n),
                 *(_amount(m) for m in (revenue, cost, upkeep)), _amount(profit, loss=True))
                for code, name, _category, status, days, window, share, n, revenue, cost, upkeep, profit in rows],
               text=(0, 1))


@report.command("monthly")
@_from("First day (default: the first of the month 23 months before --to: 24 months).")
@_TO
@FORMAT
@pass_state
def monthly(state: CliState, first: str | None, last: str | None, fmt: str) -> None:
    """Rentals, revenue, costs, compensation and profit for each month, by the month a rental starts.

    Profit is counted as the board counts value: amount less cost, less the
    compensation of the complaints opened in the month.
    """
    from tracker.cents import cents_to_text
    from tracker.rules.trends import first_of_months_back
    from tracker.views import monthly_report

    to = date_option(last, "--to") or date.today()
    default_from = first_of_months_back(to, 24)
    conn, since, to = _window(state, first or default_from.isoformat(), last, 0)
    months = monthly_report(conn, since, to)
    rows = [(m.month, m.rentals, m.revenue, m.cost, m.compensation, m.profit) for m in months]
    if fmt == "json":
        _json(since, to, "months", [{c: (v / 100 if i > 1 else v) for i, (c, v) in
                                     enumerate(zip(MONTH_COLUMNS, r))} for r in rows])
    elif fmt == "csv":
        _csv(MONTH_COLUMNS, [(m, n, *(cents_to_text(v) for v in cash)) for m, n, *cash in rows])
    else:
        from tracker.rules.trends import spark

        _table(_("Months from {since} to {to}  profit {spark}").format(since=since, to=to,
                                                                         spark=spark([r[-1] for r in rows])),
               (N_("month"), _right(N_("rentals")), _right(N_("revenue")), _right(N_("cost")),
                _right(N_("compensation")), _right(N_("profit"))),
               [(m, str(n), _amount(rev), _amount(cost), _amount(comp), _amount(profit, loss=True))
                for m, n, rev, cost, comp, profit in rows])


@report.command("pareto")
@click.option("--as-of", "as_of", metavar="DATE", help="The board of this day (default today).")
@FORMAT
@pass_state
def pareto(state: CliState, as_of: str | None, fmt: str) -> None:
    """The share of profit (current value) brought by the top customers, best first: the 80/20 check.

    Says the share the top 20% bring, and how few customers bring 80%.
    """
    from tracker.views import pareto_report

    day = date_option(as_of, "--as-of") or date.today()
    conn, _since, _to = _window(state, None, day.isoformat(), 0)
    curve = pareto_report(conn, day)
    rows = [(p.customers, round(p.customer_share, 4), round(p.profit_share, 4)) for p in curve.points]
    if fmt == "json":
        click.echo(_dumps({"as_of": day.isoformat(), "top_fifth_share": round(curve.top_fifth_share, 4),
                           "for_eighty": curve.for_eighty, "for_eighty_share": round(curve.for_eighty_share, 4),
                           "points": [dict(zip(PARETO_COLUMNS, r)) for r in rows]}))
    elif fmt == "csv":
        _csv(PARETO_COLUMNS, [(n, f"{c:.4f}", f"{p:.4f}") for n, c, p in rows])
    else:
        n = len(rows)
        click.echo(_("As of {day}: the top 20% of customers ({top} of {n}) bring {share} of the profit;"
                     " {customers} ({eighty_share}) bring 80%.").format(
            day=day, top=-(-n // 5), n=n, share=f"{curve.top_fifth_share:.0%}",
            customers=counted(curve.for_eighty, "customer"), eighty_share=f"{curve.for_eighty_share:.0%}"))
        marks = sorted({max(1, round(n * k / 10)) for k in range(1, 11)} | {curve.for_eighty} - {0}) if n else []
        _table(_("Cumulative share of profit"),
               (_right(N_("customers")), _right(N_("of all")), _right(N_("profit share")), N_("curve")),
               [(str(rows[i - 1][0]), f"{rows[i - 1][1]:.0%}", f"{rows[i - 1][2]:.0%}",
                 "█" * round(rows[i - 1][2] * 40) + ("  ← 80%" if i == curve.for_eighty else ""))
                for i in marks])


@report.command("tiers")
@click.option("--from", "first", metavar="DATE", help="The earlier board's day (default: 90 days before --to).")
@_TO
@FORMAT
@pass_state
def tiers(state: CliState, first: str | None, last: str | None, fmt: str) -> None:
    """How many customers moved from each tier on --from to each tier on --to.

    ``new``: not on the earlier board (added since); ``gone``: not on the later one (archived).
    """
    from db.schema import TIERS
    from tracker.views import migration_report

    conn, since, to = _window(state, first, last, 90)
    table = migration_report(conn, since, to)
    cols = (*TIERS, GONE)
    if fmt == "json":
        _json(since, to, "moves", [{"from": r, **row} for r, row in table.items()])
    elif fmt == "csv":
        _csv(("from", *cols), [(r, *(row[c] for c in cols)) for r, row in table.items()])
    else:
        _table(_("Tiers on {since} (rows) and on {to} (columns)").format(since=since, to=to),
               (N_("from"), *(_right(c) for c in cols)),
               [(words.shown(r), *(str(row[c]) if row[c] else "·" for c in cols)) for r, row in table.items()])


@report.command("emotion")
@click.option("--tier", type=click.Choice(["platinum", "gold", "iron", "lead"]), default="platinum", show_default=True,
              help="The tier whose customers (on the --to board) are followed back.")
@click.option("--months", type=click.IntRange(1, 120), default=12, show_default=True)
@_TO
@FORMAT
@pass_state
def emotion(state: CliState, tier: str, months: int, last: str | None, fmt: str) -> None:
    """The average emotion score of a tier's customers at the end of each month.

    The customers are those in the tier on the --to day; each score is the board's own.
    """
    from tracker.board.trend import tier_emotion_trend
    from tracker.rules.trends import spark

    conn, _since, to = _window(state, None, last, 0)
    trend = tier_emotion_trend(conn, tier, to, months)
    rows = [(d.isoformat(), round(score, 1)) for d, score in trend]
    if fmt == "json":
        click.echo(_dumps({"tier": tier, "to": to.isoformat(), "points": [{"day": d, "emotion": e} for d, e in rows]}))
    elif fmt == "csv":
        _csv(("day", "emotion"), rows)
    else:
        click.echo(_("Emotion of the {tier} tier's customers, a month's end at a time: {spark}").format(
            tier=words.shown(tier), spark=spark([round(e * 10) for _day, e in rows])))
        _table("", (N_("day"), _right(N_("emotion"))), [(d, f"{e:.1f}") for d, e in rows])


@report.command("complaints")
@_from("First day (default: 729 days before --to: two years).")
@_TO
@FORMAT
@pass_state
def complaints(state: CliState, first: str | None, last: str | None, fmt: str) -> None:
    """Complaints opened each quarter, by cause (the ten causes of SPEC 3)."""
    from db.schema import COMPLAINT_CATEGORIES
    from tracker.views import complaints_report

    conn, since, to = _window(state, first, last, 729)
    quarters = complaints_report(conn, since, to)
    if fmt == "json":
        _json(since, to, "quarters", [{"quarter": q, **counts} for q, counts in quarters.items()])
    elif fmt == "csv":
        _csv(("quarter", *COMPLAINT_CATEGORIES, "total"),
             [(q, *(c.get(k, 0) for k in COMPLAINT_CATEGORIES), sum(c.values())) for q, c in quarters.items()])
    else:
        causes = [k for k in COMPLAINT_CATEGORIES if any(k in c for c in quarters.values())]
        _table(_("Complaints from {since} to {to}").format(since=since, to=to),
               (N_("quarter"), *(_right(k) for k in causes), _right(N_("total"))),
               [(q, *(str(c.get(k, "")) or "·" for k in causes), str(sum(c.values()))) for q, c in quarters.items()])


# --- writing a report ---------------------------------------------------------------


def _amount(cents: int, *, loss: bool = False) -> Any:
    from rich.text import Text

    from tracker.cents import cents_to_text

    return Text(cents_to_text(cents, thousands=True), style="red" if loss and cents < 0 else "")


def _dumps(doc: Any) -> str:
    import json

    return json.dumps(doc, ensure_ascii=False, indent=2)


def _json(since: date, to: date, key: str, items: list[dict[str, Any]]) -> None:
    click.echo(_dumps({"from": since.isoformat(), "to": to.isoformat(), key: items}))


def _csv(header: Sequence[str], rows: list[Sequence[Any]], *, text: Sequence[int] = ()) -> None:
    """CSV on stdout; the columns at *text* hold what the owner typed (guarded against formulas)."""
    import csv
    import io

    from tracker.transfer.csvfile import protect

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([protect(v) if i in text else v for i, v in enumerate(row)])
    click.echo(buf.getvalue(), nl=False)


def _table(title: str, columns: Sequence[str], rows: list[Sequence[Any]], *, text: Sequence[int] = ()) -> None:
    """A Rich table on stdout: a column named ``>x`` is right-aligned; the cells at *text* are owner's text.

    The headings are declared in English (a column's name, a tier, a cause) and shown in the language spoken now.
    """
    import sys

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", header_style="bold")
    for name in columns:
        if name.startswith(">"):
            table.add_column(words.shown(name[1:]), justify="right", no_wrap=True)
        else:
            table.add_column(words.shown(name), overflow="fold")
    for row in rows:
        # What the owner typed goes in as Text, never read as markup.
        table.add_row(*(Text(str(v)) if i in text else v for i, v in enumerate(row)))
    # In a terminal the table takes its width; written to a file or a pipe it is never cut.
    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 200, highlight=False, soft_wrap=False)
    console.print(table)
