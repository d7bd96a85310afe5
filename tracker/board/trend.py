"""A tier's emotion over months: the average score of its customers (today's members) at each month's end."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

from db import board_queries as q
from tracker.board.engine import current_board
from tracker.board.facts import SCALES
from tracker.rules.emotion import EVENT_KINDS, ComplaintFact, clamp_score, complaints_total, decay, event_weight


def month_ends(as_of: date, months: int) -> list[date]:
    """The last day of each of the *months* months up to *as_of*'s, oldest first; *as_of* itself last."""
    out = [as_of]
    day = as_of.replace(day=1) - timedelta(days=1)
    while len(out) < months:
        out.append(day)
        day = day.replace(day=1) - timedelta(days=1)
    return out[::-1]


def tier_emotion_trend(conn: sqlite3.Connection, tier: str, as_of: date, months: int = 12) -> list[tuple[date, float]]:
    """(day, average emotion score) at each month's end of the customers in *tier* on *as_of*'s board.

    Each customer's score is the board's own (:func:`tracker.rules.emotion.score_trend` over its
    events and complaints), so the last point is the tier's average emotion on the board. The events
    are summed in SQL between each two month ends (:func:`db.board_queries.decayed_by_day`), then
    carried from one month's end to the next as :func:`~tracker.rules.emotion.score_trend` does.
    """
    board = current_board(conn, as_of)
    members = [r.code for r in board.rows if r.tier == tier]
    days = month_ends(as_of, months)
    if not members:
        return [(d, 0.0) for d in days]
    settings = board.settings
    half_life = settings.emotion_half_life_days
    q.ensure_math(conn)
    sums = q.decayed_by_day(conn, members, days=[d.isoformat() for d in days], half_life=half_life,
                            weights={k: event_weight(k, settings) for k in EVENT_KINDS}, scales=SCALES)
    complaints: dict[str, list[ComplaintFact]] = defaultdict(list)
    wanted = set(members)
    for code, ref, opened, severity, category, resolved, compensation in q.complaints(conn, as_of=as_of.isoformat()):
        if code in wanted:
            complaints[code].append(ComplaintFact(ref, date.fromisoformat(opened), severity, category,
                                                  date.fromisoformat(resolved) if resolved else None, compensation))
    gaps = [decay((day - previous).days, half_life) for previous, day in pairwise(days)]
    baseline = float(settings.emotion_baseline)
    none = [0.0] * len(days)
    totals = [0.0] * len(days)
    for code in members:
        acc = 0.0
        own = complaints.get(code, ())
        for i, (day, total_) in enumerate(zip(days, sums.get(code, none))):
            if i:
                acc *= gaps[i - 1]
            acc += total_
            totals[i] += clamp_score(baseline + acc + (complaints_total(own, day, settings) if own else 0.0))
    return [(d, t / len(members)) for d, t in zip(days, totals)]
