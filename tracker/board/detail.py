"""One customer explained: what the customer screen and ``rentrack explain`` show."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from db import board_queries as q
from db.writes import get_row
from tracker.board.engine import Board, UnknownCustomer, current_board
from tracker.board.facts import load_facts, load_history
from tracker.i18n import _
from tracker.records import CUSTOMERS
from tracker.rules.alerts import Alert
from tracker.rules.benefits import NextStep, next_steps, next_tier_text
from tracker.rules.customer_facts import CustomerRow, current_value
from tracker.rules.emotion import (
    EmotionBreakdown,
    EmotionEvent,
    breakdown,
    event_label,
    satisfaction_scale,
    score_trend,
)
from tracker.rules.lifecycle import StageFacts, stage
from tracker.rules.tiers import HIGH_VALUE_TIERS, cut_reason, potential_of, recent_change
from tracker.settings import Settings
from tracker.words import shown


@dataclass
class TierExplanation:
    """Why a customer is in its tier."""

    tier: str | None
    rank: int | None
    n: int
    k: int
    cut_value: int | None
    current_value: int
    potential: int
    potential_rated: bool
    high_value: bool
    high_potential: bool
    #: Why, in words (in the language spoken when it was made), as are ``cut_text`` and ``next_tier``.
    text: str
    #: Where the customer stands against the cut and by how much (:func:`~tracker.rules.tiers.cut_reason`).
    cut_text: str = ""
    #: (from, to, day) of the tier change recorded in the last ``tier_change_days``, if any.
    moved: tuple[str, str, date] | None = None
    #: The ways up to the tiers above (:func:`~tracker.rules.benefits.next_steps`); none for platinum or archived.
    next_steps: tuple[NextStep, ...] = ()

    @property
    def next_tier(self) -> str:
        """The distance to the next tier in one line (blank for an archived customer)."""
        return next_tier_text(self.tier, list(self.next_steps))


@dataclass
class CustomerDetail:
    """Everything the customer screen and ``rentrack explain`` show for one customer."""

    as_of: date
    profile: dict[str, Any]
    row: CustomerRow | None  # None for an archived customer
    tier: TierExplanation
    stage: str | None
    stage_rule: str | None
    emotion: EmotionBreakdown
    trend: list[tuple[date, float]]  # score at each of the last 12 weeks, oldest first
    balance_owed: int
    #: The rentals the balance is owed on: (ref, end date, amount, paid), oldest first.
    owed_on: list[tuple[str, date, int, int]]
    #: Compensation of the complaints opened in the value window: taken off value, not off the balance.
    compensation: int
    #: The complaints that compensation was given on.
    compensated: list[str]
    next_follow_up: date | None
    alerts: list[Alert]
    settings: Settings  # what the scores and alerts were worked out with


def _explain_tier(
    row: CustomerRow | None, board: Board, value: int, potential: int, rated: bool,
    moved: tuple[str, str, date] | None = None,
) -> TierExplanation:
    cut = board.cut
    high_min = board.settings.high_potential_min
    if row is None:
        return TierExplanation(None, None, cut.n, cut.k, cut.cut_value, value, potential, rated, False,
                               potential >= high_min, _("archived: not on the board"))
    high_value = row.tier in HIGH_VALUE_TIERS
    high_potential = potential >= high_min
    amount = f"{value / 100:,.2f}"
    if high_value:
        value_text = _("rank {rank} of {n}, within the top {k} with value {value} > 0")
    elif row.rank <= cut.k:
        value_text = _("rank {rank} of {n}, within the top {k} but value {value} is not above 0")
    elif cut.cut_value is None:
        value_text = _("rank {rank} of {n}, outside the top {k} (no cut); value {value}")
    else:
        value_text = _("rank {rank} of {n}, outside the top {k} (the top {k} reach {cut}); value {value}")
    value_text = value_text.format(rank=row.rank, n=cut.n, k=cut.k, value=amount,
                                   cut=f"{cut.cut_value / 100:,.2f}" if cut.cut_value is not None else "")
    if rated:
        pot_text = _("potential {potential} (rated) {op} {least}")
    else:
        pot_text = _("potential {potential} (from segment) {op} {least}")
    pot_text = pot_text.format(potential=potential, op=">=" if high_potential else "<", least=high_min)
    if high_value and high_potential:
        text = _("{tier}: high current value ({value}); high potential ({potential})")
    elif high_value:
        text = _("{tier}: high current value ({value}); low potential ({potential})")
    elif high_potential:
        text = _("{tier}: low current value ({value}); high potential ({potential})")
    else:
        text = _("{tier}: low current value ({value}); low potential ({potential})")
    text = text.format(tier=shown(row.tier), value=value_text, potential=pot_text)
    return TierExplanation(row.tier, row.rank, cut.n, cut.k, cut.cut_value, value, potential, rated,
                           high_value, high_potential, text,
                           cut_reason(row.rank, value, cut, board.settings.top_share), moved,
                           tuple(next_steps(row.tier, value, potential, cut, board.settings)))


def customer_and_board(
    conn: sqlite3.Connection, code: str, as_of: date | None, board: Board | None
) -> tuple[dict[str, Any], date, Board]:
    """Customer *code*'s stored record, the day (default *board*'s, else today) and that day's board
    (*board* when it is that day's). Raises :class:`UnknownCustomer` for an unknown code."""
    profile = get_row(conn, CUSTOMERS, code)
    if profile is None:
        raise UnknownCustomer(_("no customer with code {code}").format(code=repr(code)))
    as_of = as_of or (board.as_of if board else date.today())
    if board is None or board.as_of != as_of:
        board = current_board(conn, as_of)
    return profile, as_of, board


def customer_detail(
    conn: sqlite3.Connection, code: str, as_of: date | None = None, *, board: Board | None = None
) -> CustomerDetail:
    """One customer explained: tier and why, stage and its rule, emotion breakdown and trend.

    Pass a current *board* (same as_of) to avoid recomputing everyone's tiers.
    Raises :class:`UnknownCustomer` for an unknown code.
    """
    profile, as_of, board = customer_and_board(conn, code, as_of, board)
    settings = board.settings
    row = board.row(code)
    facts = load_facts(conn, as_of, settings, customer=code)[code]
    value = current_value(facts, as_of, settings)
    potential, rated = potential_of(facts.potential_rating, facts.segment, settings)
    events = [
        EmotionEvent(kind, date.fromisoformat(on), event_label(kind, subject, note, rating),
                     satisfaction_scale(rating) if rating else 1.0)
        for kind, on, subject, note, rating in q.customer_events(conn, code, as_of=as_of.isoformat())
    ]
    complaints = list(facts.complaints)
    window_start = as_of - timedelta(days=settings.value_window_days)
    compensated = [c for c in complaints if c.compensation and window_start < c.opened_on <= as_of]
    emotion = breakdown(events, complaints, as_of, settings)
    stage_name, stage_rule = (row.stage, row.stage_rule) if row else (None, None)
    if row is not None and row.stage in ("supporter", "long-term", "repeat"):
        # The board counts rentals only as far as the rules need; say how many there are.
        exact = load_facts(conn, as_of, settings, customer=code, counting_cap=1 << 40)[code]
        stage_name, stage_rule = stage(
            StageFacts(exact.partner, 0, exact.counting, exact.first_start, exact.last_start, exact.interactions),
            row.emotion, as_of, settings,
        )
    history = load_history(conn, as_of, settings, customer=code).get(code, [])
    moved = recent_change(history, as_of, settings.tier_change_days) if row is not None else None
    weeks = [as_of - timedelta(weeks=w) for w in range(11, -1, -1)]
    trend = list(zip(weeks, score_trend(events, complaints, weeks, settings)))
    return CustomerDetail(
        as_of=as_of,
        profile=profile,
        row=row,
        tier=_explain_tier(row, board, value, potential, rated, moved),
        stage=stage_name,
        stage_rule=stage_rule,
        emotion=emotion,
        trend=trend,
        balance_owed=q.balance_owed(conn, code, as_of=as_of.isoformat()),
        owed_on=[(ref, date.fromisoformat(end), amount, paid)
                 for ref, end, amount, paid in q.owed_rentals(conn, code, as_of=as_of.isoformat())],
        compensation=sum(c.compensation for c in compensated),
        compensated=[c.ref for c in compensated],
        next_follow_up=row.next_follow_up if row else None,
        alerts=list(row.alert_items) if row else [],
        settings=settings,
    )
