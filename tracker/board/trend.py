"""A tier's emotion over months: the average score of its customers (today's members) at each month's end."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date, timedelta

from db import board_queries as q
from tracker.board.engine import current_board
from tracker.board.facts import load_facts
from tracker.rules.emotion import EmotionEvent, satisfaction_scale, score_trend


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
    events and complaints), so the last point is the tier's average emotion on the board.
    """
    board = current_board(conn, as_of)
    members = [r.code for r in board.rows if r.tier == tier]
    days = month_ends(as_of, months)
    if not members:
        return [(d, 0.0) for d in days]
    events: dict[str, list[EmotionEvent]] = defaultdict(list)
    for code, kind, on, label, *rest in q.customers_events(conn, members, as_of=as_of.isoformat()):
        events[code].append(EmotionEvent(kind, date.fromisoformat(on), label,
                                         satisfaction_scale(rest[0]) if rest else 1.0))
    facts = load_facts(conn, as_of, board.settings)
    totals = [0.0] * len(days)
    for code in members:
        for i, score in enumerate(score_trend(events[code], facts[code].complaints, days, board.settings)):
            totals[i] += score
    return [(d, t / len(members)) for d, t in zip(days, totals)]
