"""The tier board service: runs the board queries and the pure rules over them.

Opens nothing itself: every function takes an open ``sqlite3.Connection``.
Settings are read from the database on each call, so a ``rentrack config``
change shows on the next board.

Public API::

    current_board(conn, as_of=None, *, record_history=False) -> Board
    compute_board(conn, as_of=None, *, record_history=False) -> Board
    update_customer(conn, board, code) -> Board
    customer_detail(conn, code, as_of=None, *, board=None) -> CustomerDetail
"""

from __future__ import annotations

import bisect
import copy
import gc
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from db import board_queries as q
from db import board_snapshot as snapshot
from db.schema import CUSTOMERS
from db.writes import get_row, get_settings, transaction
from tracker.alerts import Alert, OverdueReturn, alert_sort_key, sort_alerts
from tracker.board_snapshot import (
    figures_from_json,
    figures_to_json,
    from_stored,
    rules_digest,
    to_stored,
)
from tracker.customer_facts import (
    CustomerFacts,
    CustomerRow,
    Referrals,
    current_value,
    evaluate,
    is_active,
    referrals_by_referrer,
)
from tracker.emotion import (
    EVENT_KINDS,
    ComplaintFact,
    EmotionBreakdown,
    EmotionEvent,
    breakdown,
    event_weight,
    score_trend,
)
from tracker.figures import Figures, business_figures
from tracker.lifecycle import StageFacts, stage
from tracker.settings import Settings, resolve
from tracker.tiers import (
    TIERS,
    Cut,
    Placement,
    TierChange,
    assign_tiers,
    changes_to_record,
    potential_of,
    tier_for,
    top_count,
)

_TIER_ORDER = {t: i for i, t in enumerate(TIERS)}


class UnknownCustomer(LookupError):
    """No customer has the given code."""


@dataclass
class Board:
    """The tier board as of a date: rows in board order, figures and alerts.

    Rows are ordered by tier (platinum, gold, iron, lead), then current value
    descending, then code. The private caches let :func:`update_customer`
    refresh one customer without recomputing the others. A board read back
    from the stored snapshot has no per-customer facts (``complete`` is False)
    and its rows no share of the figures.
    """

    as_of: date
    rows: list[CustomerRow]
    figures: Figures
    alerts: list[Alert]
    cut: Cut
    settings: dict[str, Any] = field(repr=False)
    facts: dict[str, CustomerFacts] = field(repr=False, default_factory=dict)
    history: dict[str, list[TierChange]] = field(repr=False, default_factory=dict)
    units_on_rent: int = 0
    entries: dict[str, tuple[int, int]] = field(repr=False, default_factory=dict)  # code -> (value, potential)
    ranking: list[tuple[int, str]] = field(repr=False, default_factory=list)  # (-value, code), best first
    complete: bool = True
    #: Whether its tier changes are recorded in ``tier_history``.
    recorded: bool = False

    def row(self, code: str) -> CustomerRow | None:
        """The row of the active customer *code*, or None."""
        return self._rows_by_code.get(code)

    @cached_property
    def _rows_by_code(self) -> dict[str, CustomerRow]:
        return {r.code: r for r in self.rows}

    def by_tier(self, tier: str) -> list[CustomerRow]:
        """The rows of one tier, in board order."""
        return [r for r in self.rows if r.tier == tier]


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
    """The weight of each decaying event kind stored per customer (interaction kinds, returned)."""
    return {k: event_weight(k, settings) for k in EVENT_KINDS if k != "referral"}


@contextmanager
def _brief_write(conn: sqlite3.Connection, wait_ms: int = 50) -> Iterator[None]:
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
        with _brief_write(conn):
            if stale or q.dirty_customers(conn) > 2000:
                epoch = state[0] if state and not stale else as_of.isoformat()
                q.rebuild_anchors(conn, epoch=epoch, half_life=half_life)
            else:
                q.refresh_dirty_anchors(conn, epoch=state[0], half_life=half_life)
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
                             weights=weights)
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
    for code, name, segment, potential, partner, referred_by, created_on, archived_on in q.customers(
        conn, customer
    ):
        facts[code] = CustomerFacts(
            code=code,
            name=name,
            segment=segment,
            potential_rating=potential,
            partner=bool(partner),
            referred_by=referred_by,
            created_on=date.fromisoformat(created_on),
            archived_on=_d(archived_on),
            counting_cap=cap,
        )
    w = _windows(as_of, settings)
    cost_factor = 1 if settings.value_basis == "profit" else 0
    for code, wv, wn, rv, bv in q.rental_windows(conn, cost_factor=cost_factor, customer=customer, **w):
        f = facts.get(code)
        if f is not None:
            f.window_value, f.window_rentals, f.recent_value, f.baseline_value = wv, wn, rv, bv
    for code, first, last, n in q.rental_history(conn, as_of=t, count_cap=cap, customer=customer):
        f = facts[code]
        f.first_start, f.last_start, f.counting = _d(first), _d(last), n
        f.any_rental = n > 0
    # Only a customer created after the date needs to know of quotes and cancellations by then.
    late = [code for code, f in facts.items() if f.created_on > as_of and not f.any_rental]
    for code in q.with_rental_by(conn, late, as_of=t):
        facts[code].any_rental = True
    if customer is not None or anchors is None or not _events_from_anchors(
        conn, facts, as_of, earlier, settings, anchors
    ):
        _events_summed(conn, facts, as_of, earlier, settings, customer)
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
    units: dict[str, set[str]] = {}
    for code, unit in q.units_on_rent(conn, as_of=t, customer=customer):
        units.setdefault(code, set()).add(unit)
    for code, items in units.items():
        if code in facts:
            facts[code].units_out = frozenset(items)
    return facts


def _units_out(facts: Mapping[str, CustomerFacts]) -> int:
    """Distinct units out on rent, over every customer."""
    out: set[str] = set()
    for f in facts.values():
        if f.units_out:
            out |= f.units_out
    return len(out)


def _history_span(as_of: date, settings: Settings) -> str:
    days = max(settings.tier_change_days, settings.tier_drop_days)
    return (as_of - timedelta(days=days)).isoformat()


def _load_history(
    conn: sqlite3.Connection, as_of: date, settings: Settings, customer: str | None = None
) -> dict[str, list[TierChange]]:
    out: dict[str, list[TierChange]] = {}
    for code, on, tier, previous in q.tier_history(
        conn, since=_history_span(as_of, settings), as_of=as_of.isoformat(), customer=customer
    ):
        out.setdefault(code, []).append(TierChange(date.fromisoformat(on), tier, previous))
    return out


def _entry(f: CustomerFacts, as_of: date, settings: Settings) -> tuple[int, int] | None:
    """(current value, potential) of an active customer, None for one off the board."""
    if not is_active(f, as_of):
        return None
    return current_value(f, as_of, settings), potential_of(f.potential_rating, f.segment, settings)[0]


def _entries(
    facts: Mapping[str, CustomerFacts], as_of: date, settings: Settings
) -> dict[str, tuple[int, int]]:
    out = {}
    for code, f in facts.items():
        e = _entry(f, as_of, settings)
        if e is not None:
            out[code] = e
    return out


def _place(
    entries: Mapping[str, tuple[int, int]], settings: Settings
) -> tuple[dict[str, int], dict[str, Placement], Cut]:
    placements, cut = assign_tiers(((c, v, p) for c, (v, p) in entries.items()), settings)
    return {c: v for c, (v, _) in entries.items()}, placements, cut


def _record(
    conn: sqlite3.Connection,
    as_of: date,
    placements: Mapping[str, Placement],
    history: dict[str, list[TierChange]],
    only: str | None = None,
) -> bool:
    """Record tier changes against the last recorded tiers, in one transaction; False if it could not.

    Never waits for another writer: a busy or read-only file leaves them for the next board.
    """
    computed = {c: p.tier for c, p in placements.items() if only is None or c == only}
    last = {c: t for c, (_, t) in q.last_tiers(conn).items()} if only is None else {
        c: t for c, (_, t) in q.last_tiers(conn).items() if c == only
    }
    changes = changes_to_record(last, computed)
    if not changes:
        return True
    try:
        with _brief_write(conn):
            q.record_tier_changes(conn, as_of.isoformat(), changes)
    except sqlite3.OperationalError:
        # Another writer is busy, or the file is read-only: the board is shown all the same,
        # and the next board of the day records the changes.
        return False
    for code, tier, previous in changes:
        items = [h for h in history.get(code, []) if h.changed_on != as_of]
        same_day = [h for h in history.get(code, []) if h.changed_on == as_of]
        prev = same_day[0].previous if same_day else previous
        if prev != tier:
            items.append(TierChange(as_of, tier, prev))
        history[code] = items
    return True


def _row_sort_key(r: CustomerRow) -> tuple[int, int, str]:
    return (_TIER_ORDER[r.tier], -r.current_value, r.code)


def _finish(
    as_of: date,
    rows: list[CustomerRow],
    cut: Cut,
    settings: dict[str, Any],
    facts: dict[str, CustomerFacts],
    history: dict[str, list[TierChange]],
    units: int,
    entries: dict[str, tuple[int, int]],
    alerts: list[Alert] | None = None,
    ranking: list[tuple[int, str]] | None = None,
) -> Board:
    rows.sort(key=_row_sort_key)
    figures = business_figures((r.figures for r in rows if r.figures), cut.k, units)
    if alerts is None:
        alerts = sort_alerts(a for r in rows for a in r.alert_items)
    if ranking is None:
        ranking = sorted((-v, c) for c, (v, _) in entries.items())
    return Board(as_of, rows, figures, alerts, cut, settings, facts, history, units, entries, ranking)


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a board is built.

    A board allocates tens of thousands of small acyclic objects; left on,
    the collector would walk every live object several times over (tens of
    milliseconds each) for nothing. Reference counting still frees memory.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _reading(conn: sqlite3.Connection) -> Iterator[None]:
    """A read transaction (one consistent snapshot), unless the caller already holds one."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def current_board(
    conn: sqlite3.Connection, as_of: date | None = None, *, record_history: bool = False
) -> Board:
    """The whole tier board as of *as_of* (default today), read back from the stored one when it holds.

    The stored board holds when nothing it reads was written since it was
    computed, for the same date, settings and code (and, with
    *record_history*, when its tier changes were recorded). Otherwise the
    board is computed as :func:`compute_board` does and stored for the next
    reader, unless another connection wrote meanwhile or the file is busy or
    read-only.
    """
    as_of = as_of or date.today()
    settings = resolve(get_settings(conn))
    stored = _stored_board(conn, as_of, settings, record_history)
    if stored is not None:
        return stored
    (version,) = conn.execute("PRAGMA data_version").fetchone()
    board = compute_board(conn, as_of, record_history=record_history)
    _store(conn, board, version, recorded=board.recorded)
    return board


def _stored_board(
    conn: sqlite3.Connection, as_of: date, settings: dict[str, Any], record_history: bool
) -> Board | None:
    """The stored board if it suits *as_of*, *settings* and *record_history*, else None."""
    with _no_gc_pauses():
        with _reading(conn):
            header = snapshot.load_header(conn)
            if header is None:
                return None
            day, stored_settings, rules, recorded, n, k, cut_value, figures_text = header
            if (
                day != as_of.isoformat()
                or (record_history and not recorded)
                or stored_settings != settings.key()
                or rules != rules_digest()
            ):
                return None
            try:
                rows, alerts, by_code = from_stored(snapshot.load_rows(conn), snapshot.load_alerts(conn))
                figures = figures_from_json(figures_text)
            except (ValueError, TypeError):  # not as _store wrote it: compute it again
                return None
        entries = {}
        ranking: list[tuple[int, str]] = [(0, "")] * len(rows)
        for r in rows:  # a row's rank is its place in the ranking by value
            entries[r.code] = (r.current_value, r.potential)
            if not 0 < r.rank <= len(rows):
                return None
            ranking[r.rank - 1] = (-r.current_value, r.code)
    if len(rows) != n or (0, "") in ranking:  # not as compute_board made it: compute it again
        return None
    board = Board(
        as_of, rows, figures, alerts, Cut(n, k, cut_value), settings, {}, {}, figures.units_on_rent, entries,
        ranking, complete=False,
    )
    board.__dict__["_rows_by_code"] = by_code  # fills the cached property
    return board


def _store(conn: sqlite3.Connection, board: Board, version: int, *, recorded: bool) -> None:
    """Store *board* if no other connection has written since ``PRAGMA data_version`` read *version*."""
    if conn.in_transaction:
        return
    header = {
        "as_of": board.as_of.isoformat(),
        "settings": board.settings.key(),
        "rules": rules_digest(),
        "recorded": int(recorded),
        "n": board.cut.n,
        "k": board.cut.k,
        "cut_value": board.cut.cut_value,
        "figures": figures_to_json(board.figures),
    }
    rows, alerts = to_stored(board.rows, board.alerts)  # before the write lock, not while holding it
    try:
        with _brief_write(conn):
            if conn.execute("PRAGMA data_version").fetchone()[0] == version:
                snapshot.save(conn, header, rows, alerts)
    except sqlite3.OperationalError:  # busy or read-only: the next reader computes it again
        pass


def compute_board(
    conn: sqlite3.Connection, as_of: date | None = None, *, record_history: bool = False
) -> Board:
    """The whole tier board as of *as_of* (default today).

    With *record_history*, every active customer whose tier differs from its
    last recorded one gets a ``tier_history`` row dated *as_of* (one
    transaction). Use it only for today's board, never for a past date.
    """
    with _no_gc_pauses():
        return _compute_board(conn, as_of, record_history=record_history)


def _compute_board(
    conn: sqlite3.Connection, as_of: date | None = None, *, record_history: bool = False
) -> Board:
    """Build the board (the collector held off by :func:`compute_board`)."""
    as_of = as_of or date.today()
    settings = resolve(get_settings(conn))
    anchors = prepare_anchors(conn, as_of, settings)
    with _reading(conn):  # one snapshot for every query
        facts = load_facts(conn, as_of, settings, anchors=anchors)
        history = _load_history(conn, as_of, settings)
    entries = _entries(facts, as_of, settings)
    values, placements, cut = _place(entries, settings)
    recorded = record_history and _record(conn, as_of, placements, history)
    referrals = referrals_by_referrer(facts, as_of, settings)
    none = Referrals()
    rows = [
        evaluate(facts[c], p, values[c], referrals.get(c, none), history.get(c, ()), as_of, settings)
        for c, p in placements.items()
    ]
    board = _finish(as_of, rows, cut, settings, facts, history, _units_out(facts), entries)
    board.recorded = recorded
    return board


def update_customer(
    conn: sqlite3.Connection, board: Board, code: str, *, record_history: bool = False
) -> Board:
    """A new board after a change to customer *code* (a rental, complaint, interaction or edit).

    Only *code*'s facts are queried; the others' come from *board*. *code* is
    moved within the ranking; customers whose tier moved with it (the cut) and
    *code*'s referrers (old and new) are re-evaluated; the others keep their
    rows, with their new rank where it moved. Settings are those of *board*
    (compute a new board after a settings change). A board read back from
    store (not ``complete``) is computed whole instead, once.
    """
    if not board.complete:
        return compute_board(conn, board.as_of, record_history=record_history)
    with _no_gc_pauses():
        return _update_customer(conn, board, code, record_history=record_history)


def _update_customer(
    conn: sqlite3.Connection, board: Board, code: str, *, record_history: bool = False
) -> Board:
    """Update the board (the collector held off by :func:`update_customer`)."""
    as_of, settings = board.as_of, board.settings
    facts = dict(board.facts)
    old = facts.get(code)
    fresh = load_facts(conn, as_of, settings, customer=code)
    if code in fresh:
        facts[code] = fresh[code]
    else:
        facts.pop(code, None)
    entries = dict(board.entries)
    old_entry = entries.pop(code, None)
    new_entry = _entry(facts[code], as_of, settings) if code in facts else None
    if new_entry is not None:
        entries[code] = new_entry
    previous = {r.code: r for r in board.rows}
    ranking, moved = _rerank(board, code, old_entry, new_entry)
    cut = _cut(ranking, settings)
    placements = {c: _placement(i, ranking, entries, cut, settings) for i, c in moved}
    history = dict(board.history)
    history.pop(code, None)
    history.update(_load_history(conn, as_of, settings, customer=code))
    if record_history and code in placements:
        _record(conn, as_of, placements, history, only=code)
    dirty = {code} if code in entries else set()
    for f in (old, facts.get(code)):
        if f is not None and f.referred_by in entries:
            dirty.add(f.referred_by)
    for c, p in placements.items():
        r = previous.get(c)
        if r is None or r.tier != p.tier:
            dirty.add(c)
    for c in dirty - placements.keys():
        placements[c] = _placement(previous[c].rank - 1, ranking, entries, cut, settings)
    referrals = referrals_by_referrer(
        [f for f in facts.values() if f.referred_by in dirty], as_of, settings
    )
    none = Referrals()
    rows: list[CustomerRow] = [r for r in board.rows if r.code not in placements and r.code != code]
    for c, p in placements.items():
        if c in dirty:
            v = entries[c][0]
            rows.append(evaluate(facts[c], p, v, referrals.get(c, none), history.get(c, ()), as_of, settings))
        else:
            r = copy.copy(previous[c])
            r.rank = p.rank
            rows.append(r)
    # The alerts of everyone else keep their order; the re-evaluated ones are merged in.
    alerts = [a for a in board.alerts if a.code not in dirty and a.code != code]
    for r in rows:
        if r.code in dirty:
            for a in r.alert_items:
                bisect.insort(alerts, a, key=alert_sort_key)
    return _finish(as_of, rows, cut, settings, facts, history, _units_out(facts), entries, alerts, ranking)


def _rerank(
    board: Board, code: str, old: tuple[int, int] | None, new: tuple[int, int] | None
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The ranking with *code* moved, and (index, code) of everyone whose rank or cut side may have changed."""
    ranking = list(board.ranking)
    lo = hi = None
    if old is not None:
        i = bisect.bisect_left(ranking, (-old[0], code))
        del ranking[i]
        lo = hi = i
    if new is not None:
        j = bisect.bisect_left(ranking, (-new[0], code))
        ranking.insert(j, (-new[0], code))
        lo, hi = (j, j) if lo is None else (min(lo, j), max(hi, j))
    if lo is None:
        return ranking, []
    if (old is None) != (new is None):  # N changed: everyone below shifts, and the cut may move
        hi = len(ranking) - 1
        k_old = board.cut.k
        lo = min(lo, max(0, k_old - 1), max(0, _top(len(ranking), board.settings) - 1))
    return ranking, [(i, ranking[i][1]) for i in range(lo, min(hi, len(ranking) - 1) + 1)]


def _top(n: int, settings: Settings) -> int:
    return top_count(n, float(settings.top_share))


def _cut(ranking: list[tuple[int, str]], settings: Settings) -> Cut:
    n = len(ranking)
    k = _top(n, settings)
    return Cut(n, k, -ranking[k - 1][0] if n and k else None)


def _placement(
    i: int,
    ranking: list[tuple[int, str]],
    entries: Mapping[str, tuple[int, int]],
    cut: Cut,
    settings: Settings,
) -> Placement:
    """The placement of the customer at index *i* of the ranking (as :func:`assign_tiers` would give)."""
    value, code = -ranking[i][0], ranking[i][1]
    high_value = i < cut.k and value > 0
    high_potential = entries[code][1] >= int(settings.high_potential_min)
    return Placement(tier_for(high_value, high_potential), i + 1, high_value, high_potential)


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
    text: str


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
    next_follow_up: date | None
    alerts: list[Alert]


def _explain_tier(row: CustomerRow | None, board: Board, value: int, potential: int, rated: bool) -> TierExplanation:
    cut = board.cut
    high_min = board.settings.high_potential_min
    source = "rated" if rated else "from segment"
    if row is None:
        return TierExplanation(None, None, cut.n, cut.k, cut.cut_value, value, potential, rated, False,
                               potential >= high_min, "archived: not on the board")
    high_value = row.tier in ("platinum", "gold")
    high_potential = potential >= high_min
    cut_text = "no cut" if cut.cut_value is None else f"the top {cut.k} reach {cut.cut_value / 100:,.2f}"
    if high_value:
        value_text = f"rank {row.rank} of {cut.n}, within the top {cut.k} with value {value / 100:,.2f} > 0"
    elif row.rank <= cut.k:
        value_text = f"rank {row.rank} of {cut.n}, within the top {cut.k} but value {value / 100:,.2f} is not above 0"
    else:
        value_text = f"rank {row.rank} of {cut.n}, outside the top {cut.k} ({cut_text}); value {value / 100:,.2f}"
    pot_text = f"potential {potential} ({source}) {'>=' if high_potential else '<'} {high_min}"
    text = (
        f"{row.tier}: {'high' if high_value else 'low'} current value ({value_text}); "
        f"{'high' if high_potential else 'low'} potential ({pot_text})"
    )
    return TierExplanation(row.tier, row.rank, cut.n, cut.k, cut.cut_value, value, potential, rated,
                           high_value, high_potential, text)


def customer_detail(
    conn: sqlite3.Connection, code: str, as_of: date | None = None, *, board: Board | None = None
) -> CustomerDetail:
    """One customer explained: tier and why, stage and its rule, emotion breakdown and trend.

    Pass a current *board* (same as_of) to avoid recomputing everyone's tiers.
    Raises :class:`UnknownCustomer` for an unknown code.
    """
    profile = get_row(conn, CUSTOMERS, code)
    if profile is None:
        raise UnknownCustomer(f"no customer with code {code!r}")
    as_of = as_of or (board.as_of if board else date.today())
    if board is None or board.as_of != as_of:
        board = current_board(conn, as_of)
    settings = board.settings
    row = board.row(code)
    facts = board.facts.get(code) or load_facts(conn, as_of, settings, customer=code)[code]
    value = current_value(facts, as_of, settings)
    potential, rated = potential_of(facts.potential_rating, facts.segment, settings)
    events = [
        EmotionEvent(kind, date.fromisoformat(on), label)
        for kind, on, label in q.customer_events(conn, code, as_of=as_of.isoformat())
    ]
    complaints = list(facts.complaints)
    emotion = breakdown(events, complaints, as_of, settings)
    stage_name, stage_rule = (row.stage, row.stage_rule) if row else (None, None)
    if row is not None and row.stage in ("supporter", "long-term", "repeat"):
        # The board counts rentals only as far as the rules need; say how many there are.
        exact = load_facts(conn, as_of, settings, customer=code, counting_cap=1 << 40)[code]
        stage_name, stage_rule = stage(
            StageFacts(exact.partner, 0, exact.counting, exact.first_start, exact.last_start, exact.interactions),
            row.emotion, as_of, settings,
        )
    weeks = [as_of - timedelta(weeks=w) for w in range(11, -1, -1)]
    trend = list(zip(weeks, score_trend(events, complaints, weeks, settings)))
    return CustomerDetail(
        as_of=as_of,
        profile=profile,
        row=row,
        tier=_explain_tier(row, board, value, potential, rated),
        stage=stage_name,
        stage_rule=stage_rule,
        emotion=emotion,
        trend=trend,
        balance_owed=q.balance_owed(conn, code, as_of=as_of.isoformat()),
        next_follow_up=row.next_follow_up if row else None,
        alerts=list(row.alert_items) if row else [],
    )
