"""Return visits over the value window, as business figures: the average satisfaction and the share of
returned rentals visited (:func:`tracker.rules.figures.visit_figures`)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from db import task_queries as tq
from tracker.rules.emotion import SATISFACTION_SCORES
from tracker.rules.figures import VisitFigures, visit_figures
from tracker.settings import Settings


def window_visit_figures(conn: sqlite3.Connection, as_of: date, settings: Settings) -> VisitFigures:
    """The return-visit figures over (as_of - value_window_days, as_of]."""
    lo = (as_of - timedelta(days=settings.value_window_days)).isoformat()
    returned, visited, ratings = tq.visit_counts(conn, lo=lo, as_of=as_of.isoformat())
    return visit_figures(ratings, SATISFACTION_SCORES, returned, visited)
