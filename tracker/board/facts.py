"""What the board reads from the database: every customer's facts as of a date, and tier history.

The queries are in :mod:`db.board_queries`; this module turns their tuples into
:class:`~tracker.rules.customer_facts.CustomerFacts` and keeps the emotion
anchors (decayed event sums kept per customer, see there) up to date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from db import board_queries as q
from db.writes import transaction
from tracker.rules.alerts import Alert, HeldDeposit, OverdueReturn, RentalRhythm, inspection_alerts
from tracker.rules.customer_facts import CustomerFacts
from tracker.rules.emotion import EVENT_KINDS, SATISFACTION_SCORES, ComplaintFact, event_weight, satisfaction_scale
from tracker.rules.tiers import TierChange
from tracker.settings import Settings


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _windows(as_of: date, s: Settings) -> dict[str, str]:
    window_lo = as_of - timedelta(days=s.value_window_days)
    recent_lo = as_of - timedelta(days=s.spend_drop_recent_days)
    baseline_lo = recent_lo - timedelta(days=s.spend_drop_baseline_days)
    return {
        "as_of": as_of.isoformat(),
        "window_lo": window_lo.isoformat(),
        "recent_lo": recent_lo.isoformat(),
        "baseline_lo": baseline_lo.isoformat(),
        "lo": min(window_lo, baseline_lo).isoformat(),
    }


def _weights(settings: Settings) -> dict[str, float]:
    """The weight of each decaying event kind stored per customer (interaction kinds, returned, return visits)."""
    return {k: event_weight(k, settings) for k in EVENT_KINDS if k != "referral"}


#: The share of ``weight_satisfaction`` each return-visit rating carries.
SCALES: dict[str, float] = {r: satisfaction_scale(r) for r in SATISFACTION_SCORES}


@contextmanager
def brief_write(conn: sqlite3.Connection, wait_ms: int = 50) -> Iterator[None]:
    """A write transaction that gives up at once (``sqlite3.OperationalError``) if another writer is busy."""
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        with transaction(conn, patient=False):
            yield
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


#: Rebuild the anchors when the date is this many half-lives from their epoch (keeps 2 ** x finite).
_ANCHOR_REACH = 400


#: The anchors serve a past date only if the events after it span at most this many days.
_ANCHOR_LOOKBACK_DAYS = 400


def prepare_anchors(conn: sqlite3.Connection, as_of: date, settings: Settings) -> tuple[str, float] | None:
    """Bring the stored emotion anchors up to date if they can serve a board as of *as_of*.

    They can when the events dated after *as_of* (interactions, returned
    rentals) are recent ones: today's board, or one of the last year. Returns
    their (epoch, half_life), or None when the board must sum the events
    itself (an older date, a connection inside a transaction, a read-only
    file or another writer busy).
    """
    if conn.in_transaction:
        return None
    half_life = float(settings.emotion_half_life_days)
    latest = q.latest_event(conn)
    # Taking off the events after the date loses precision as they outweigh the rest
    # (2 ** 30 times at most here); beyond that the events are summed.
    if latest is not None and (date.fromisoformat(latest) - as_of).days > min(
        _ANCHOR_LOOKBACK_DAYS, 30 * half_life
    ):
        return None
    state = q.anchor_state(conn)
    stale = (
        state is None
        or state[1] != half_life
        or abs((as_of - date.fromisoformat(state[0])).days) / half_life > _ANCHOR_REACH
        or (latest is not None and (date.fromisoformat(latest) - date.fromisoformat(state[0])).days / half_life
            > _ANCHOR_REACH)
    )
    if not stale and not q.dirty_customers(conn):
        return state
    try:
        with brief_write(conn):
            if stale or q.dirty_customers(conn) > 2000:
                epoch = state[0] if state and not stale else as_of.isoformat()
                q.rebuild_anchors(conn, epoch=epoch, half_life=half_life, scales=SCALES)
            else:
                q.refresh_dirty_anchors(conn, epoch=state[0], half_life=half_life, scales=SCALES)
    except sqlite3.OperationalError:  # locked by another writer, or a read-only file
        return None
    return q.anchor_state(conn)


def _events_from_anchors(
    conn: sqlite3.Connection,
    facts: dict[str, CustomerFacts],
    as_of: date,
    earlier: date,
    settings: Settings,
    anchors: tuple[str, float],
) -> bool:
    """Fill the event totals, interaction counts and last contacts from the anchors; False if stale.

    The anchors cover every event; those dated after *as_of* are taken off,
    and for the earlier score those after *earlier* too.
    """
    if q.dirty_customers(conn):
        return False
    epoch, half_life = anchors
    weights = _weights(settings)
    e0 = date.fromisoformat(epoch)
    now_factor = 0.5 ** ((as_of - e0).days / half_life)
    before_factor = 0.5 ** ((earlier - e0).days / half_life)
    t = as_of.isoformat()
    since = q.weighted_since(conn, lo=earlier.isoformat(), as_of=t, epoch=epoch, half_life=half_life,
                             weights=weights, scales=SCALES)
    none = (0.0, 0.0, 0, 0)
    for code, n, last, total_ in q.anchor_totals(conn, weights):
        f = facts.get(code)
        if f is None:
            continue
        late, after, n_after, contacts_after = since.get(code, none)
        f.event_total = (total_ - after) * now_factor
        f.event_total_earlier = (total_ - after - late) * before_factor
        f.interactions = int(n) - n_after
        if contacts_after:
            last = q.last_contact(conn, code, as_of=t)
        f.last_contact = date.fromisoformat(last) if last else None
    return True


def _events_summed(
    conn: sqlite3.Connection,
    facts: dict[str, CustomerFacts],
    as_of: date,
    earlier: date,
    settings: Settings,
    customer: str | None,
) -> None:
    """Fill the event totals, interaction counts and last contacts by summing the events."""
    q.ensure_math(conn)
    t, e = as_of.isoformat(), earlier.isoformat()
    half_life = settings.emotion_half_life_days
    w_returned = event_weight("returned", settings)
    for code, now, before in q.returned_decay(conn, as_of=t, earlier=e, half_life=half_life, customer=customer):
        f = facts.get(code)
        if f is not None:
            f.event_total += w_returned * now
            f.event_total_earlier += w_returned * before
    w_visit = event_weight("return-visit", settings)
    for code, now, before in q.visit_decay(conn, as_of=t, earlier=e, half_life=half_life, scales=SCALES,
                                           customer=customer):
        f = facts.get(code)
        if f is not None:
            f.event_total += w_visit * now
            f.event_total_earlier += w_visit * before
    for code, kind, n, last, now, before in q.interaction_decay(
        conn, as_of=t, earlier=e, half_life=half_life, customer=customer
    ):
        f = facts.get(code)
        if f is None:
            continue
        w = event_weight(kind, settings)
        f.event_total += w * now
        f.event_total_earlier += w * before
        f.interactions += n
        if kind != "friction" and (f.last_contact is None or last > f.last_contact.isoformat()):
            f.last_contact = date.fromisoformat(last)



def _facts_of(row: tuple, **more: Any) -> CustomerFacts:
    """A customer's facts from its row of :func:`db.board_queries.customers`, before its rentals and events."""
    code, name, segment, potential, partner, referred_by, created_on, archived_on = row
    return CustomerFacts(
        code=code, name=name, segment=segment, potential_rating=potential, partner=bool(partner),
        referred_by=referred_by, created_on=date.fromisoformat(created_on), archived_on=_d(archived_on), **more,
    )

def load_facts(
    conn: sqlite3.Connection,
    as_of: date,
    settings: Settings,
    customer: str | None = None,
    *,
    anchors: tuple[str, float] | None = None,
    counting_cap: int | None = None,
) -> dict[str, CustomerFacts]:
    """Every customer's facts as of *as_of* (or only *customer*'s), from the board queries.

    With *anchors* (from :func:`prepare_anchors`) the emotion sums are read
    from the stored anchors instead of summed over every event. Counting
    rentals are counted up to *counting_cap* (default: what the stage rules need).
    """
    t = as_of.isoformat()
    earlier = as_of - timedelta(days=settings.emotion_drop_days)
    facts: dict[str, CustomerFacts] = {}
    cap = counting_cap or max(int(settings.long_term_min_rentals), 2)
    for row in q.customers(conn, customer):
        facts[row[0]] = _facts_of(row, counting_cap=cap)
    w = _windows(as_of, settings)
    cost_factor = 1 if settings.value_basis == "profit" else 0
    for code, wv, wn, rv, bv in q.rental_windows(conn, cost_factor=cost_factor, customer=customer, **w):
        f = facts.get(code)
        if f is not None:
            f.window_value, f.window_rentals, f.recent_value, f.baseline_value = wv, wn, rv, bv
    lookback = int(settings.churn_lookback_rentals)
    for code, first, last, n, back, days in q.rental_history(conn, as_of=t, count_cap=cap, lookback=lookback,
                                                             customer=customer):
        f = facts[code]
        f.first_start, f.last_start, f.counting = _d(first), _d(last), n
        f.any_rental = n > 0
        if days >= 2:
            f.rhythm = RentalRhythm(date.fromisoformat(back or first), date.fromisoformat(last), days)
    for code, on, tier, previous in q.last_tier_changes(conn, as_of=t, customer=customer):
        f = facts.get(code)
        if f is not None:
            f.last_tier_change = (date.fromisoformat(on), tier, previous)
    # Only a customer created after the date needs to know of quotes and cancellations by then.
    late = [code for code, f in facts.items() if f.created_on > as_of and not f.any_rental]
    for code in q.with_rental_by(conn, late, as_of=t):
        facts[code].any_rental = True
    if customer is not None or anchors is None or not _events_from_anchors(
        conn, facts, as_of, earlier, settings, anchors
    ):
        _events_summed(conn, facts, as_of, earlier, settings, customer)
    for code, when, ref in q.next_tasks(conn, as_of=t, customer=customer):
        f = facts.get(code)
        if f is not None:
            f.next_task = (date.fromisoformat(when), ref)
    by_customer: dict[str, list[ComplaintFact]] = {}
    for code, ref, opened, severity, category, resolved, compensation in q.complaints(
        conn, as_of=t, customer=customer
    ):
        by_customer.setdefault(code, []).append(
            ComplaintFact(ref, date.fromisoformat(opened), severity, category, _d(resolved), compensation)
        )
    for code, items in by_customer.items():
        if code in facts:
            facts[code].complaints = tuple(items)
    ended_before = (as_of - timedelta(days=settings.unpaid_after_days)).isoformat()
    for code, n, owed in q.unpaid(conn, as_of=t, ended_before=ended_before, customer=customer):
        if code in facts:
            facts[code].unpaid_count, facts[code].unpaid_owed = n, owed
    overdue: dict[str, list[OverdueReturn]] = {}
    for code, ref, end in q.overdue_returns(conn, as_of=t, customer=customer):
        overdue.setdefault(code, []).append(OverdueReturn(ref, date.fromisoformat(end)))
    for code, items in overdue.items():
        if code in facts:
            facts[code].overdue_returns = tuple(items)
    held: dict[str, list[HeldDeposit]] = {}
    returned_before = (as_of - timedelta(days=settings.deposit_held_days)).isoformat()
    for code, ref, rental, back, amount in q.deposits_held(conn, as_of=t, returned_before=returned_before,
                                                           customer=customer):
        held.setdefault(code, []).append(HeldDeposit(ref, rental, date.fromisoformat(back), amount))
    for code, items in held.items():
        if code in facts:
            facts[code].deposits_held = tuple(items)
    return facts


def load_tier_facts(conn: sqlite3.Connection, as_of: date, settings: Settings) -> dict[str, CustomerFacts]:
    """Every customer's facts as of *as_of* as far as its place in the pyramid needs them: what
    :func:`load_facts` reads for whether it is active, its current value and its potential, and no more.

    The other facts are left at their defaults; a customer created after *as_of* counts one
    interaction if it had any by then (all :func:`~tracker.rules.customer_facts.is_active` asks).
    """
    t = as_of.isoformat()
    facts: dict[str, CustomerFacts] = {}
    for row in q.customers(conn):
        facts[row[0]] = _facts_of(row)
    w = _windows(as_of, settings)
    cost_factor = 1 if settings.value_basis == "profit" else 0
    for code, wv, wn, rv, bv in q.rental_windows(conn, cost_factor=cost_factor, **w):
        f = facts.get(code)
        if f is not None:
            f.window_value, f.window_rentals, f.recent_value, f.baseline_value = wv, wn, rv, bv
    by_customer: dict[str, list[ComplaintFact]] = {}
    for code, ref, opened, severity, category, resolved, compensation in q.complaints(conn, as_of=t):
        by_customer.setdefault(code, []).append(
            ComplaintFact(ref, date.fromisoformat(opened), severity, category, _d(resolved), compensation)
        )
    for code, items in by_customer.items():
        if code in facts:
            facts[code].complaints = tuple(items)
    # Only a customer created after the date needs its records by then to be on the board.
    late = [code for code, f in facts.items() if f.created_on > as_of]
    for code in q.with_rental_by(conn, late, as_of=t):
        facts[code].any_rental = True
    for code in q.with_interaction_by(conn, late, as_of=t):
        facts[code].interactions = 1
    return facts


def unit_alerts(conn: sqlite3.Connection, as_of: date, settings: Settings) -> list[Alert]:
    """The units whose inspection is overdue, or falls due within ``inspection_warn_days``."""
    until = (as_of + timedelta(days=settings.inspection_warn_days)).isoformat()
    due = [(code, name, date.fromisoformat(d)) for code, name, d in q.inspections_due(conn, as_of=as_of.isoformat(),
                                                                                      until=until)]
    return inspection_alerts(due, as_of)


def units_on_rent(conn: sqlite3.Connection, as_of: date) -> int:
    """Distinct units out on a rental with status on-rent started by *as_of*."""
    return q.units_on_rent(conn, as_of=as_of.isoformat())


def referral_starts(
    conn: sqlite3.Connection, as_of: date, referrers: Iterator[str] | set[str]
) -> list[tuple[str, date | None]]:
    """(referrer, first counting rental by *as_of*) of every customer the given *referrers* referred."""
    return [(by, _d(first)) for by, first in q.referral_starts(conn, sorted(referrers), as_of=as_of.isoformat())]


def history_span(as_of: date, settings: Settings) -> str:
    """The first day (exclusive) of tier history the board looks at."""
    days = max(settings.tier_change_days, settings.tier_drop_days)
    return (as_of - timedelta(days=days)).isoformat()


def load_history(
    conn: sqlite3.Connection, as_of: date, settings: Settings, customer: str | None = None
) -> dict[str, list[TierChange]]:
    """Tier changes recorded in the span the board marks, per customer (or only *customer*'s), oldest first."""
    out: dict[str, list[TierChange]] = {}
    for code, on, tier, previous in q.tier_history(
        conn, since=history_span(as_of, settings), as_of=as_of.isoformat(), customer=customer
    ):
        out.setdefault(code, []).append(TierChange(date.fromisoformat(on), tier, previous))
    return out


