"""A computed board as the text stored in ``board_cache``, and back.

The text is JSON: the cut, the business figures and one array a row, the
row's alerts and its share of the figures inside it, so a board read back
is whole (it can be updated one customer at a time like a computed one). It
is reused only for the same change count, date, settings, program and
language (:func:`version`): anything else, or text that does not read back as
a board, means the board is computed again.

The board holds words: its alerts' reasons and its stage rules are made in
the language spoken when it is computed. So the language is part of what the
stored board is for (``version``): a run in Chinese over a file an English run
stored its board in computes its own (and stores it in its turn).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from db import board_cache
from tracker import __version__
from tracker.i18n import language
from tracker.rules.alerts import Alert
from tracker.rules.customer_facts import CustomerRow
from tracker.rules.figures import CustomerFigures, Figures
from tracker.rules.tiers import Cut
from tracker.settings import Settings

#: Bump when the stored text changes shape or meaning; with the release it keys the stored board.
FORMAT = 4
VERSION = f"{FORMAT}/{__version__}"


def version() -> str:
    """What keys the stored board besides its data: the format, the release and the language spoken now."""
    return f"{VERSION}/{language()}"


@dataclass
class Stored:
    """A board read back: its rows (alerts and figures inside), every row's alerts, figures and cut."""

    rows: list[CustomerRow]
    alerts: list[Alert]
    figures: Figures
    cut: Cut
    changes: int
    recorded: bool


def encode(rows: Sequence[CustomerRow], alerts: Sequence[Alert], figures: Figures, cut: Cut) -> str:
    """The board as stored text: its rows, then its alerts in the board's order, each with its row's place
    and its place in that row's own list."""
    out = []
    place: dict[str, int] = {}
    slot: dict[Alert, int] = {}  # an alert's place in its row's own list (SPEC order)
    for i, r in enumerate(rows):
        place[r.code] = i
        for j, a in enumerate(r.alert_items):
            slot[a] = j
        f = r.figures
        share = None if f is None else [f.counting_rentals, f.window_rentals, list(f.window_complaints),
                                        f.open_complaints]
        out.append([
            r.code, r.name, r.segment, r.referred_by, r.tier, r.tier_change, r.rank, r.current_value, r.potential,
            r.potential_rated, r.emotion, r.band, r.stage, r.stage_rule, r.next_follow_up.isoformat(),
            r.follow_up_overdue, share, len(r.alert_items),
        ])
    return json.dumps(
        {"cut": [cut.n, cut.k, cut.cut_value], "figures": figures.as_dict(), "rows": out,
         "alerts": [[place[a.code], slot[a], a.kind, a.reason, a.about] for a in alerts]},
        ensure_ascii=False, separators=(",", ":"),
    )


def decode(text: str) -> tuple[list[CustomerRow], list[Alert], Figures, Cut]:
    """Rows, the board's alerts (in its order, each also in its row), figures and cut from :func:`encode`'s text.

    Raises ValueError for text that is not a board as :func:`encode` writes it.
    """
    try:
        doc = json.loads(text)
        n, k, cut_value = doc["cut"]
        figures = Figures(**doc["figures"])
        rows: list[CustomerRow] = []
        fromiso = date.fromisoformat
        for (code, name, segment, referred_by, tier, change, rank, value, potential, rated, emotion, band, stage,
             rule, follow_up, overdue, share, count) in doc["rows"]:
            figs = None if share is None else CustomerFigures(
                value, tier, band, emotion, share[0], share[1], tuple(share[2]), share[3]
            )
            rows.append(CustomerRow(
                code, name, segment, referred_by, tier, change, rank, value, potential, rated, emotion, band, stage,
                rule, fromiso(follow_up), overdue, [""] * count, cast("list[Alert]", [None] * count), figs,
            ))
        alerts: list[Alert] = []
        for i, j, kind, reason, about in doc["alerts"]:
            row = rows[i]
            a = row.alert_items[j] = Alert(row.code, row.name, kind, reason, about)
            row.alerts[j] = reason
            alerts.append(a)
        if any(None in r.alert_items for r in rows):
            raise ValueError("an alert is missing from its row")
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"the stored board does not read back: {exc}") from None
    ranks = {r.rank for r in rows}
    if len(rows) != n or len(ranks) != n or (n and (min(ranks) != 1 or max(ranks) != n)):
        raise ValueError("the stored board's ranks do not add up")
    return rows, alerts, figures, Cut(n, k, cut_value)


def load(
    conn: sqlite3.Connection, *, changes: int, as_of: date, settings: Settings, recorded: bool
) -> Stored | None:
    """The stored board, if it was computed for *changes*, *as_of*, *settings*, this program and language.

    With *recorded*, only one whose tier changes were recorded will do. None
    when there is none that suits, or it does not read back.
    """
    header = board_cache.load(conn)
    if header is None:
        return None
    stored_changes, day, stored_settings, stored_version, was_recorded, text = header
    if (
        stored_changes != changes
        or day != as_of.isoformat()
        or stored_version != version()
        or stored_settings != settings.key()
        or (recorded and not was_recorded)
    ):
        return None
    try:
        rows, alerts, figures, cut = decode(text)
    except ValueError:
        return None
    return Stored(rows, alerts, figures, cut, changes, bool(was_recorded))


def save(
    conn: sqlite3.Connection, *, changes: int, as_of: date, settings: Settings, recorded: bool, text: str
) -> None:
    """Store the board *text* for *changes*, *as_of* and *settings*, in the language spoken now (inside a write
    transaction)."""
    board_cache.save(conn, changes=changes, as_of=as_of.isoformat(), settings=settings.key(), version=version(),
                     recorded=recorded, board=text)
