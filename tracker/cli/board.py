"""``rentrack board`` and ``rentrack explain``: the tier board and one customer's reasons, without the app.

Only click is imported at the top; the engine, the database and Rich are
imported inside the commands so ``rentrack --help`` stays instant.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from db.schema import TIERS
from tracker import words
from tracker.cli.help import Command
from tracker.cli.state import CliState, date_option, no_database, pass_state
from tracker.counting import counted
from tracker.i18n import N_, _

if TYPE_CHECKING:
    from tracker.board import Board, CustomerDetail
    from tracker.rules.customer_facts import CustomerRow
    from tracker.rules.figures import VisitFigures

#: The board's columns, in order (the CSV header).
BOARD_COLUMNS = (
    "code", "name", "tier", "current_value", "potential", "emotion", "band", "stage",
    "next_follow_up", "alerts",
)
TIER_STYLES = {"platinum": "bold magenta", "gold": "bold yellow", "iron": "bold cyan", "lead": "dim"}
BAND_STYLES = {"close": "bold green", "warm": "green", "neutral": "", "cool": "yellow", "cold": "bold red"}
ARROWS = {"up": "↑", "down": "↓"}
#: The table's headings, by column (the CSV and JSON keep the column's name).
_HEADINGS = {
    "code": N_("code"), "name": N_("name"), "tier": N_("tier"), "current_value": N_("current_value"),
    "potential": N_("potential"), "emotion": N_("emotion"), "band": N_("band"), "stage": N_("stage"),
    "next_follow_up": N_("next_follow_up"), "alerts": N_("alerts"),
}
_JUSTIFY: dict[str, Any] = {"current_value": "right", "potential": "right", "emotion": "right"}
_NO_WRAP = frozenset({"code", "tier", "current_value", "stage", "next_follow_up"})


def _reason(alert: Any) -> str:
    """The alert's reason without the customer's name in front (the row already says whose)."""
    prefix = f"{alert.name}: "
    return alert.reason[len(prefix):] if alert.reason.startswith(prefix) else alert.reason


def _is_today(as_of: date | None) -> bool:
    return as_of is None or as_of == date.today()


def _compute(conn: sqlite3.Connection, as_of: date | None) -> Board:
    """Today's board records tier changes (as the app does); a past or future date only reads."""
    from tracker.board import current_board

    if not _is_today(as_of):
        return current_board(conn, as_of)
    try:
        return current_board(conn, as_of, record_history=True)
    except sqlite3.OperationalError:  # locked by another writer, or a read-only file: show, don't record
        return current_board(conn, as_of)


def _open(state: CliState) -> sqlite3.Connection:
    if not state.db_path.exists():
        raise click.ClickException(no_database(state.db_path, hint=True))
    return state.connect(reading=True)


def row_dict(row: CustomerRow) -> dict[str, Any]:
    """One board row as plain JSON values (money in currency units, two decimals)."""
    return {
        "code": row.code,
        "name": row.name,
        "tier": row.tier,
        "tier_change": row.tier_change,
        "rank": row.rank,
        "current_value": round(row.current_value / 100, 2),
        "potential": row.potential,
        "potential_rated": row.potential_rated,
        "emotion": round(row.emotion, 1),
        "band": row.band,
        "stage": row.stage,
        "next_follow_up": row.next_follow_up.isoformat(),
        "follow_up_overdue": row.follow_up_overdue,
        "alerts": [{"kind": a.kind, "reason": _reason(a)} for a in row.alert_items],
    }


def figures_dict(board: Board, visits: VisitFigures | None = None) -> dict[str, Any]:
    """The business figures as plain JSON values (money in currency units), with the return visits' if given."""
    out = board.figures.as_dict()
    if visits is not None:
        out["average_satisfaction"] = None if visits.average_satisfaction is None else round(
            visits.average_satisfaction, 1)
        out["returns_visited"] = None if visits.returns_visited is None else round(visits.returns_visited, 4)
    for key in ("profit", "top_profit", "value_at_risk"):
        out[key] = round(out[key] / 100, 2)
    for key in ("top_share_of_profit", "repeat_rate"):
        if out[key] is not None:
            out[key] = round(out[key], 4)
    for key in ("complaints_per_100_rentals", "average_emotion"):
        if out[key] is not None:
            out[key] = round(out[key], 1)
    return out


def _write_json(board: Board, rows: Sequence[CustomerRow], tier: str | None, tag: str | None = None,
                visits: VisitFigures | None = None) -> None:
    import json

    shown = {r.code for r in rows}
    doc = {
        "as_of": board.as_of.isoformat(),
        "tier_filter": tier,
        "tag_filter": tag,
        "cut": {"active": board.cut.n, "top": board.cut.k,
                "cut_value": None if board.cut.cut_value is None else round(board.cut.cut_value / 100, 2)},
        "figures": figures_dict(board, visits),
        "customers": [row_dict(r) for r in rows],
        "alerts": [
            {"code": a.code, "name": a.name, "kind": a.kind, "reason": a.reason}
            for a in board.alerts
            if (tier is None and tag is None) or a.code in shown
        ],
        "unit_alerts": [{"unit": a.code, "name": a.name, "kind": a.kind, "reason": a.reason} for a in board.unit_alerts],
    }
    click.echo(json.dumps(doc, ensure_ascii=False, indent=2))


def _write_csv(rows: Sequence[CustomerRow]) -> None:
    import csv
    import io

    from tracker.cents import cents_to_text
    from tracker.transfer.csvfile import protect

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(BOARD_COLUMNS)
    writer.writerows(
        (
            protect(r.code), protect(r.name), r.tier, cents_to_text(r.current_value), r.potential,
            f"{r.emotion:.1f}", r.band, r.stage, r.next_follow_up.isoformat(),
            protect("; ".join([_reason(a) for a in r.alert_items])) if r.alert_items else "",
        )
        for r in rows
    )
    click.echo(buf.getvalue(), nl=False)


def _write_table(board: Board, rows: Sequence[CustomerRow], tier: str | None,
                 visits: VisitFigures | None = None) -> None:
    import sys

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tracker.cents import cents_to_text

    f = board.figures
    title = _("Tier board as of {day}").format(day=board.as_of.isoformat())
    if tier:
        title = _("{title} · {filter}").format(title=title, filter=tier)
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in BOARD_COLUMNS:
        table.add_column(_(_HEADINGS[column]), justify=_JUSTIFY.get(column, "left"),
                         no_wrap=column in _NO_WRAP)
    for r in rows:
        tier_text = Text(words.shown(r.tier), style=TIER_STYLES[r.tier])
        if r.tier_change:
            tier_text.append(f" {ARROWS[r.tier_change]}", style="bold green" if r.tier_change == "up" else "bold red")
        follow = Text(r.next_follow_up.isoformat(), style="bold red" if r.follow_up_overdue else "")
        table.add_row(  # a str cell is read as markup: what the owner typed goes in as Text
            Text(r.code),
            Text(r.name),
            tier_text,
            cents_to_text(r.current_value, thousands=True),
            str(r.potential) if r.potential_rated else Text(str(r.potential), style="dim"),
            Text(f"{r.emotion:.1f}", style=BAND_STYLES[r.band]),
            Text(words.shown(r.band), style=BAND_STYLES[r.band]),
            Text(words.shown(r.stage)),
            follow,
            Text("\n".join(_reason(a) for a in r.alert_items), style="red"),
        )
    share = _("n/a") if f.top_share_of_profit is None else f"{f.top_share_of_profit:.0%}"
    table.caption = _(
        "{active} active · profit {profit} · top {top} earn {share} · value at risk {at_risk} · {complaints} · {alerts}"
    ).format(
        active=f.active_customers, profit=cents_to_text(f.profit, thousands=True), top=board.cut.k, share=share,
        at_risk=cents_to_text(f.value_at_risk, thousands=True), complaints=counted(f.open_complaints, "open complaint"),
        alerts=counted(len(board.alerts), "alert"),
    )
    if visits is not None and visits.visits:
        avg = _("n/a") if visits.average_satisfaction is None else f"{visits.average_satisfaction:.0f}"
        seen = _("n/a") if visits.returns_visited is None else f"{visits.returns_visited:.0%}"
        table.caption += _(" · satisfaction {average} over {visits}, {seen} of returns visited").format(
            average=avg, visits=counted(visits.visits, "return visit"), seen=seen)
    table.caption_justify = "left"
    terminal = sys.stdout.isatty()
    console = Console(width=None if terminal else 200, highlight=False, soft_wrap=False)
    console.print(table)


@click.command(cls=Command)
@click.option("--as-of", "as_of", metavar="DATE", help="Board as of this date (default today).")
@click.option(
    "--format", "fmt", type=click.Choice(("table", "csv", "json")), default="table", show_default=True,
    help="table for reading, csv or json for other programs (json adds the business figures).",
)
@click.option("--tier", type=click.Choice(TIERS), help="Only this tier's customers.")
@click.option("--tag", metavar="TAG", help="Only the customers tagged TAG (VIP, installers...), in any case.")
@pass_state
def board(state: CliState, as_of: str | None, fmt: str, tier: str | None, tag: str | None) -> None:
    """The tier board without the app: one row per active customer.

    Ordered by tier (platinum, gold, iron, lead), then current value
    (highest first), then code. Money is in currency units.
    """
    from db.list_queries import customer_codes_matching
    from tracker.visits import window_visit_figures

    day = date_option(as_of, "--as-of")
    conn = _open(state)
    try:
        result = _compute(conn, day)
        tagged = customer_codes_matching(conn, "", tag=tag) if tag else None
        visits = window_visit_figures(conn, result.as_of, result.settings) if fmt != "csv" else None
    finally:
        conn.close()
    rows = result.rows if tier is None else result.by_tier(tier)
    if tagged is not None:
        rows = [r for r in rows if r.code in tagged]
    if fmt == "json":
        _write_json(result, rows, tier, tag, visits)
    elif fmt == "csv":
        _write_csv(rows)
    else:
        shown = [words.shown(tier)] if tier else []
        if tag:
            shown.append(_("tag {tag}").format(tag=tag))
        _write_table(result, rows, " · ".join(shown) or None, visits)


def _rounded_parts(values: Sequence[float], total: float) -> list[float]:
    """*values* rounded to cents so that they add up exactly to *total* rounded to cents.

    Largest-remainder rounding: each value is rounded down, and the cents still
    missing go to the values that lost the most.
    """
    import math

    target = round(total * 100)
    floors = [math.floor(v * 100) for v in values]
    missing = target - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (v := values[i] * 100) - math.floor(v), reverse=True)
    out = list(floors)
    for i in order[: max(0, min(missing, len(values)))]:
        out[i] += 1
    return [c / 100 for c in out]


def explain_lines(d: CustomerDetail) -> list[str]:
    """``rentrack explain`` as plain lines: tier and why, emotion line by line, stage, follow-up, alerts."""
    from rich.cells import cell_len, set_cell_size

    from tracker.cents import cents_to_text

    p = d.profile
    t = d.tier
    out = [_("{name} ({code}) as of {day}").format(name=p["name"], code=p["code"], day=d.as_of.isoformat()), ""]
    if t.tier is None:
        out.append(_("Tier: none (archived, not on the board)"))
    else:
        days = counted(d.settings.tier_change_days, "day")
        change = d.row.tier_change if d.row else None
        if change == "up":
            out.append(_("Tier: {tier} (up in the last {days})").format(tier=words.shown(t.tier), days=days))
        elif change == "down":
            out.append(_("Tier: {tier} (down in the last {days})").format(tier=words.shown(t.tier), days=days))
        else:
            out.append(_("Tier: {tier}").format(tier=words.shown(t.tier)))
        if t.moved:
            out.append(_("  moved from {before} to {after} on {day}").format(
                before=words.shown(t.moved[0]), after=words.shown(t.moved[1]), day=t.moved[2].isoformat()))
        out.append(f"  {t.cut_text}")
        out.append(_("  the cut is a share of the count, not an amount: it moves as customers are added or leave"))
        out.append(_("  rank {rank} of {n} active customers; the top {top} can have high current value").format(
            rank=t.rank, n=t.n, top=t.k))
        cut = _("none") if t.cut_value is None else cents_to_text(t.cut_value, thousands=True)
        out.append(_("  current value {value}; value at the cut (rank {top}): {cut}").format(
            value=cents_to_text(t.current_value, thousands=True), top=t.k, cut=cut))
        if t.potential_rated:
            out.append(_("  potential {potential} (rated)").format(potential=t.potential))
        else:
            out.append(_("  potential {potential} (from segment {segment})").format(
                potential=t.potential, segment=words.shown(p["segment"])))
        out.append(_("  why: {why}").format(why=t.text))
        out.append(_("  next tier: {next}").format(next=t.next_tier))
    e = d.emotion
    band = d.row.band if d.row else None
    score = f"{e.score:.1f}"
    out += ["", _("Emotion score: {score} ({band})").format(score=score, band=words.shown(band)) if band
            else _("Emotion score: {score}").format(score=score)]
    baseline, total = _("baseline"), _("sum")
    width = min(max([cell_len(baseline)] + [cell_len(line.what) for line in e.lines]), 56)
    parts = _rounded_parts([e.baseline] + [line.current for line in e.lines], e.total)
    out.append(f"  {'':10}  {set_cell_size(baseline, width)}  {'':>8}  {parts[0]:+9.2f}")
    for line, part in zip(e.lines, parts[1:]):
        what = line.what if cell_len(line.what) <= width else set_cell_size(line.what, width - 1) + "…"
        out.append(f"  {line.on.isoformat():10}  {set_cell_size(what, width)}  {line.original:+8.2f}  {part:+9.2f}")
    out.append(f"  {'':10}  {set_cell_size(total, width)}  {'':>8}  {sum(parts):+9.2f}")
    if e.clamped:
        out.append(_("  held within 0..100: {score}").format(score=score))
    out.append(_("  (date, event, weight on the day, weight as of the date)"))
    out.append("")
    if d.stage:
        out.append(_("Stage: {stage} — {rule}").format(stage=words.shown(d.stage), rule=d.stage_rule))
    if d.next_follow_up:
        late = (d.as_of - d.next_follow_up).days
        day = d.next_follow_up.isoformat()
        if late > 0:
            out.append(_("Next follow-up: {day} (overdue by {days})").format(day=day, days=counted(late, "day")))
        else:
            out.append(_("Next follow-up: {day}").format(day=day))
    if d.balance_owed:
        out.append(_("Balance owed: {owed} (amounts less payments)").format(
            owed=cents_to_text(d.balance_owed, thousands=True)))
        for ref, end, amount, paid in d.owed_on:
            fields = {"ref": ref, "day": end.isoformat(), "owed": cents_to_text(amount - paid, thousands=True),
                      "amount": cents_to_text(amount, thousands=True)}
            if end < d.as_of:
                out.append(_("  {ref}  ended {day}  {owed} of {amount}").format(**fields))
            else:
                out.append(_("  {ref}  ends {day}  {owed} of {amount}").format(**fields))
    if d.compensation:
        out.append(_("Compensation: {amount} ({complaints}): taken off value, not off the balance owed"
                     " (a credit against a rental is a payment)").format(
            amount=cents_to_text(d.compensation, thousands=True), complaints=", ".join(d.compensated)))
    out.append("")
    if d.alerts:
        out.append(_("Alerts:"))
        out += [f"  - {words.shown(a.kind)}: {_reason(a)}" for a in d.alerts]
    else:
        out.append(_("Alerts: none"))
    return out


def _one_customer(conn: sqlite3.Connection, text: str) -> str:
    """The code of the one customer *text* names: its code or its name in any case, else the one it finds.

    Several found: they are listed, one a line, and the command fails.
    """
    from db.queries import search_customers
    from tracker.parse import shown

    found = search_customers(conn, text, limit=21, include_archived=True)
    needle = text.strip().casefold()
    for column in ("code", "name"):
        exact = [c for c in found if c[column].casefold() == needle]
        if len(exact) == 1:
            return exact[0]["code"]
    if len(found) == 1:
        return found[0]["code"]
    if not found:
        raise click.ClickException(_("no customer with code or name {text}").format(text=shown(repr(text))))
    for c in found[:20]:
        click.echo(f"  {shown(c['code'])}  {shown(c['name'])}", err=True)
    if len(found) > 20:
        raise click.ClickException(_("{text} matches several customers (the first 20 above); give a code").format(
            text=shown(repr(text))))
    raise click.ClickException(_("{text} matches several customers (above); give a code").format(
        text=shown(repr(text))))


@click.command(cls=Command)
@click.argument("customer", metavar="CODE|NAME")
@click.option("--as-of", "as_of", metavar="DATE", help="Explain as of this date (default today).")
@pass_state
def explain(state: CliState, customer: str, as_of: str | None) -> None:
    """Why a customer is in its tier, its emotion score line by line, its stage and alerts.

    The customer is named by its code or its name, in any case, or by part of
    either when only one customer holds it.
    """
    from tracker.board import customer_detail

    day = date_option(as_of, "--as-of")
    conn = _open(state)
    try:
        detail = customer_detail(conn, _one_customer(conn, customer), day)
    finally:
        conn.close()
    click.echo("\n".join(explain_lines(detail)))
