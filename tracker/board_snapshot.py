"""A computed board as stored rows and back, and what a stored board must match to be reused.

A stored board is reused only for the same date, the same settings and the
same rules (a digest of the source of the modules that compute it), and only
while no write has touched its data (the database drops it on any write; see
:mod:`db.board_snapshot`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from tracker.alerts import Alert
from tracker.customer_facts import CustomerRow
from tracker.figures import Figures

#: Bump when the stored layout changes meaning without a code change the digest would see.
FORMAT = 1

_RULE_MODULES = (
    "alerts", "board", "board_snapshot", "cents", "customer_facts", "emotion", "figures", "lifecycle",
    "settings", "tiers",
)


@cache
def rules_digest() -> str:
    """A digest of the code that computes a board: a stored board from other code is not reused."""
    h = hashlib.blake2b(f"format {FORMAT}".encode(), digest_size=16)
    here = Path(__file__).resolve().parent
    files = [here / f"{m}.py" for m in _RULE_MODULES]
    files += [here.parent / "db" / f"{m}.py" for m in ("board_queries", "board_snapshot")]
    for path in files:
        try:
            h.update(path.read_bytes())
        except OSError:  # no source beside the code: fall back on the release
            from tracker import __version__

            h.update(f"{path.name} {__version__}".encode())
    return h.hexdigest()


def figures_to_json(figures: Figures) -> str:
    """The business figures as JSON text."""
    return json.dumps(figures.as_dict())  # keeps the order of its mappings


def figures_from_json(text: str) -> Figures:
    """Business figures from :func:`figures_to_json` text."""
    return Figures(**json.loads(text))


def to_stored(rows: Iterable[CustomerRow], alerts: Iterable[Alert]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Board rows and their alerts as stored tuples (see :mod:`db.board_snapshot`).

    *alerts* is the board's list of every row's alerts, in its own order.
    """
    position = {a: i for i, a in enumerate(alerts)}
    stored_rows = []
    stored_alerts = []
    for r in rows:
        stored_rows.append((
            r.code, r.name, r.segment, r.tier, r.tier_change, r.rank, r.current_value, r.potential,
            int(r.potential_rated), r.emotion, r.band, r.stage, r.stage_rule, r.next_follow_up.isoformat(),
            int(r.follow_up_overdue),
        ))
        stored_alerts.extend((position[a], a.code, a.kind, a.reason) for a in r.alert_items)
    return stored_rows, stored_alerts


def from_stored(
    stored_rows: Sequence[tuple[Any, ...]], stored_alerts: Sequence[tuple[Any, ...]]
) -> tuple[list[CustomerRow], list[Alert], dict[str, CustomerRow]]:
    """Board rows, the board's list of alerts and the rows by code, from stored tuples.

    The rows are as :func:`tracker.board.compute_board` made them, except that
    each row's share of the figures is not stored (``figures`` is None): the
    board's figures are stored whole. Raises ValueError for tuples that do not
    make a board.
    """
    rows = []
    by_code = {}
    fromiso = date.fromisoformat
    for (code, name, segment, tier, change, rank, value, potential, rated, emotion, band, stage, rule,
         follow_up, overdue) in stored_rows:
        row = CustomerRow(
            code, name, segment, tier, change, rank, value, potential, bool(rated), emotion, band, stage,
            rule, fromiso(follow_up), bool(overdue), [], [], None,
        )
        rows.append(row)
        by_code[code] = row
    alerts: list[Alert] = [None] * len(stored_alerts)  # type: ignore[list-item]  # every slot is filled below
    for position, code, kind, reason in stored_alerts:
        row = by_code.get(code)
        if row is None or not 0 <= position < len(alerts):
            raise ValueError(f"a stored alert for {code!r} at {position} does not fit the stored rows")
        a = alerts[position] = Alert(code, row.name, kind, reason)
        row.alert_items.append(a)
        row.alerts.append(reason)
    if None in alerts:  # two alerts stored at one place
        raise ValueError("the stored alerts leave a place in the list empty")
    return rows, alerts, by_code
