"""The tier board: computed whole, read back from the one stored board, or updated one customer at a time.

Every board knows the database's change count it reflects (``Board.changes``,
see :func:`db.queries.change_count`): the stored board is reused while the
count, the date, the settings and the program are the same, and the app
compares the count to know when its board is stale.
"""

from __future__ import annotations

import bisect
import copy
import gc
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from db import board_queries as q
from db.queries import change_count
from db.writes import get_settings
from tracker.board import cache
from tracker.board.facts import (
    brief_write,
    load_facts,
    load_history,
    load_tier_facts,
    prepare_anchors,
    referral_starts,
    unit_alerts,
    units_on_rent,
)
from tracker.i18n import language
from tracker.rules.alerts import Alert, alert_sort_key, sort_alerts
from tracker.rules.customer_facts import (
    CustomerFacts,
    CustomerRow,
    Referrals,
    current_value,
    evaluate,
    is_active,
    referrals_by_referrer,
)
from tracker.rules.figures import Figures, business_figures
from tracker.rules.tiers import (
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
from tracker.settings import Settings, resolve

_TIER_ORDER = {t: i for i, t in enumerate(TIERS)}


@dataclass
class Board:
    """The tier board as of a date: rows in board order, figures and alerts.

    Rows are ordered by tier (platinum, gold, iron, lead), then current value
    descending, then code. ``changes`` is the database's change count the
    board reflects (None: not known); ``recorded`` says its tier changes are
    in ``tier_history``; ``from_cache`` that it was read back, not computed.
    Its words (alerts' reasons, stage rules, follow-up sources) are in ``language``,
    the one spoken when it was made: after a change of language, make a new board.
    """

    as_of: date
    rows: list[CustomerRow]
    figures: Figures
    alerts: list[Alert]
    cut: Cut
    settings: Settings = field(repr=False)
    units_on_rent: int = 0
    changes: int | None = None
    recorded: bool = False
    from_cache: bool = False
    #: The yard's own alerts, a unit's each (inspections falling due).
    unit_alerts: list[Alert] = field(default_factory=list)
    #: The language its words are in (``en``, ``zh``): :func:`tracker.i18n.language` when it was made.
    language: str = field(default_factory=language)

    def row(self, code: str) -> CustomerRow | None:
        """The row of the active customer *code*, or None."""
        return self._rows_by_code.get(code)

    def by_tier(self, tier: str) -> list[CustomerRow]:
        """The rows of one tier, in board order."""
        return [r for r in self.rows if r.tier == tier]

    @cached_property
    def _rows_by_code(self) -> dict[str, CustomerRow]:
        return {r.code: r for r in self.rows}

    @cached_property
    def entries(self) -> dict[str, tuple[int, int]]:
        """(current value, potential) of every active customer, by code."""
        return {r.code: (r.current_value, r.potential) for r in self.rows}

    @cached_property
    def ranking(self) -> list[tuple[int, str]]:
        """(-current value, code) of every active customer, most valuable first (the tier cut's order)."""
        return sorted((-r.current_value, r.code) for r in self.rows)


class UnknownCustomer(LookupError):
    """No customer has the given code."""


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
def reading(conn: sqlite3.Connection) -> Iterator[None]:
    """A read transaction (one consistent snapshot), unless the caller already holds one."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def _entry(f: CustomerFacts, as_of: date, settings: Settings) -> tuple[int, int] | None:
    """(current value, potential) of an active customer, None for one off the board."""
    if not is_active(f, as_of):
        return None
    return current_value(f, as_of, settings), potential_of(f.potential_rating, f.segment, settings)[0]


def _record(
    conn: sqlite3.Connection,
    as_of: date,
    placements: Mapping[str, Placement],
    history: dict[str, list[TierChange]],
    *,
    expect: int | None,
) -> int | None:
    """Record the tier changes of *placements* against the last recorded tiers; the change count after.

    Only when the change count is still *expect* (nobody wrote since the board
    read its facts), and never waiting for another writer: a busy or
    read-only file, or a write meanwhile, returns None and leaves the changes
    to the next board. *history* gets the recorded changes.
    """
    if expect is None:
        return None
    computed = {c: p.tier for c, p in placements.items()}
    try:
        with brief_write(conn):
            if change_count(conn) != expect:
                return None
            last = {c: t for c, (_, t) in q.last_tiers(conn).items() if c in computed}
            changes = changes_to_record(last, computed)
            if changes:
                q.record_tier_changes(conn, as_of.isoformat(), changes)
            after = change_count(conn)
    except sqlite3.OperationalError:
        return None
    for code, tier, previous in changes:
        items = [h for h in history.get(code, []) if h.changed_on != as_of]
        same_day = [h for h in history.get(code, []) if h.changed_on == as_of]
        prev = same_day[0].previous if same_day else previous
        if prev != tier:
            items.append(TierChange(as_of, tier, prev))
        history[code] = items
    return after


#: At most this many rows re-placed by one update go into their places one by one; more are sorted with the rest.
_INSERT_AT_MOST = 64


def _row_sort_key(r: CustomerRow) -> tuple[int, int, str]:
    return (_TIER_ORDER[r.tier], -r.current_value, r.code)


def _finish(
    as_of: date,
    rows: list[CustomerRow],
    cut: Cut,
    settings: Settings,
    units: int,
    *,
    changes: int | None,
    recorded: bool,
    alerts: list[Alert] | None = None,
    ranking: list[tuple[int, str]] | None = None,
    unit_alerts: list[Alert] | None = None,
    entries: dict[str, tuple[int, int]] | None = None,
    by_code: dict[str, CustomerRow] | None = None,
    presorted: bool = False,
) -> Board:
    if not presorted:
        rows.sort(key=_row_sort_key)
    figures = business_figures((r.figures for r in rows if r.figures), cut.k, units)
    if alerts is None:
        alerts = sort_alerts(a for r in rows for a in r.alert_items)
    board = Board(as_of, rows, figures, alerts, cut, settings, units, changes, recorded,
                  unit_alerts=unit_alerts if unit_alerts is not None else [])
    if ranking is not None:
        board.__dict__["ranking"] = ranking  # fills the cached property
    if entries is not None:
        board.__dict__["entries"] = entries
    if by_code is not None:
        board.__dict__["_rows_by_code"] = by_code
    return board


def _settings(conn: sqlite3.Connection) -> Settings:
    return resolve(get_settings(conn))


def compute_board(conn: sqlite3.Connection, as_of: date | None = None, *, record_history: bool = False) -> Board:
    """The whole tier board as of *as_of* (default today), every customer evaluated.

    With *record_history*, every active customer whose tier differs from its
    last recorded one gets a ``tier_history`` row dated *as_of*, unless the
    file is busy or read-only (``recorded`` says; the next board records
    them). Use it only for today's board, never for a past date.
    """
    as_of = as_of or date.today()
    with _no_gc_pauses():
        settings = _settings(conn)
        anchors = prepare_anchors(conn, as_of, settings)
        with reading(conn):  # one snapshot for every query, and the change count it shows
            changes = change_count(conn)
            facts = load_facts(conn, as_of, settings, anchors=anchors)
            history = load_history(conn, as_of, settings)
            units = units_on_rent(conn, as_of)
            yard = unit_alerts(conn, as_of, settings)
        entries: dict[str, tuple[int, int]] = {}
        for code, f in facts.items():
            e = _entry(f, as_of, settings)
            if e is not None:
                entries[code] = e
        placements, cut = assign_tiers(((c, v, p) for c, (v, p) in entries.items()), settings)
        recorded = False
        if record_history:
            after = _record(conn, as_of, placements, history, expect=changes)
            if after is not None:
                changes, recorded = after, True
        referrals = referrals_by_referrer(((f.referred_by, f.first_start) for f in facts.values()), as_of, settings)
        none = Referrals()
        rows = [
            evaluate(facts[c], p, entries[c][0], referrals.get(c, none), history.get(c, ()), as_of, settings)
            for c, p in placements.items()
        ]
        return _finish(as_of, rows, cut, settings, units, changes=changes, recorded=recorded, unit_alerts=yard)


def board_tiers(conn: sqlite3.Connection, as_of: date | None = None) -> dict[str, str]:
    """Each active customer's tier on the board of *as_of* (default today), by code: the tiers
    :func:`compute_board` places them in, from what the placing needs alone (no row is evaluated)."""
    as_of = as_of or date.today()
    with _no_gc_pauses():
        settings = _settings(conn)
        with reading(conn):
            facts = load_tier_facts(conn, as_of, settings)
        entries = ((c, *e) for c, f in facts.items() if (e := _entry(f, as_of, settings)) is not None)
        placements, _ = assign_tiers(entries, settings)
    return {c: p.tier for c, p in placements.items()}


def current_board(conn: sqlite3.Connection, as_of: date | None = None, *, record_history: bool = False) -> Board:
    """The whole tier board as of *as_of* (default today), read back from the stored board when it holds.

    The stored board holds for the same change count, date, settings and
    program (and, with *record_history*, when its tier changes were
    recorded). Otherwise the board is computed (:func:`compute_board`) and
    stored for the next reader, unless the file is busy or read-only or
    another connection wrote meanwhile.
    """
    as_of = as_of or date.today()
    with _no_gc_pauses():
        with reading(conn):
            settings = _settings(conn)
            changes = change_count(conn)
            stored = cache.load(conn, changes=changes, as_of=as_of, settings=settings, recorded=record_history)
            yard = unit_alerts(conn, as_of, settings) if stored is not None else []
        if stored is not None:
            return Board(as_of, stored.rows, stored.figures, stored.alerts, stored.cut, settings,
                         stored.figures.units_on_rent, stored.changes, stored.recorded, from_cache=True,
                         unit_alerts=yard)
    board = compute_board(conn, as_of, record_history=record_history)
    _store(conn, board)
    return board


def _store(conn: sqlite3.Connection, board: Board) -> None:
    """Store *board* for the next reader if the change count is still the one it reflects."""
    if conn.in_transaction or board.changes is None:
        return
    text = cache.encode(board.rows, board.alerts, board.figures, board.cut)  # before the write lock, not while holding it
    try:
        with brief_write(conn):
            if change_count(conn) == board.changes:
                cache.save(conn, changes=board.changes, as_of=board.as_of, settings=board.settings,
                           recorded=board.recorded, text=text)
    except sqlite3.OperationalError:  # busy or read-only: the next reader computes it again
        pass


def update_customer(
    conn: sqlite3.Connection,
    board: Board,
    code: str,
    *,
    record_history: bool = False,
    changes: int | None = None,
) -> Board:
    """A new board after a change to customer *code* (a rental, complaint, interaction or edit).

    Only the customers the change can move are queried again: *code*, its
    referrers (old and new), and those whose tier moved with it across the
    cut; the others keep their rows, with their new rank where it moved.
    Settings are those of *board* (compute a new board after a settings
    change). *changes* is the change count the caller knows the new board
    reflects (its own write's, when *board* reflected the count just before
    it); None leaves it unknown.
    """
    if board.language != language():  # its rows speak another language: every row is made again
        return compute_board(conn, board.as_of, record_history=record_history)
    with _no_gc_pauses():
        return _update(conn, board, code, record_history=record_history, changes=changes)


def _update(
    conn: sqlite3.Connection, board: Board, code: str, *, record_history: bool, changes: int | None
) -> Board:
    as_of, settings = board.as_of, board.settings
    previous = board._rows_by_code
    old_row = previous.get(code)
    with reading(conn):
        fresh = load_facts(conn, as_of, settings, customer=code).get(code)
        units = units_on_rent(conn, as_of)
    entries = dict(board.entries)
    old_entry = entries.pop(code, None)
    new_entry = _entry(fresh, as_of, settings) if fresh is not None else None
    if new_entry is not None:
        entries[code] = new_entry
    ranking, moved = _rerank(board, code, old_entry, new_entry)
    cut = _cut(ranking, settings)
    placements = {c: _placement(i, ranking, entries, cut, settings) for i, c in moved}
    dirty = {code} if code in entries else set()
    for referrer in (old_row.referred_by if old_row else None, fresh.referred_by if fresh else None):
        if referrer in entries:
            dirty.add(referrer)
    for c, p in placements.items():
        r = previous.get(c)
        if r is None or r.tier != p.tier:
            dirty.add(c)
    for c in dirty - placements.keys():
        placements[c] = _placement(previous[c].rank - 1, ranking, entries, cut, settings)
    facts: dict[str, CustomerFacts] = {code: fresh} if fresh is not None and code in dirty else {}
    history: dict[str, list[TierChange]] = {}
    with reading(conn):
        for c in dirty:
            if c not in facts:
                facts.update(load_facts(conn, as_of, settings, customer=c))
            history.update(load_history(conn, as_of, settings, customer=c))
        referred = referral_starts(conn, as_of, dirty) if dirty else []
    recorded = board.recorded
    if record_history and code in placements:
        after = _record(conn, as_of, {code: placements[code]}, history, expect=changes)
        if after is not None:
            changes = after
        recorded = recorded and after is not None
    referrals = referrals_by_referrer(referred, as_of, settings)
    none = Referrals()
    rows: list[CustomerRow] = [r for r in board.rows if r.code not in placements and r.code != code]
    new_rows: list[CustomerRow] = []
    for c, p in placements.items():
        if c in dirty:
            new_rows.append(evaluate(facts[c], p, entries[c][0], referrals.get(c, none), history.get(c, ()), as_of,
                                     settings))
        else:
            r = copy.copy(previous[c])
            r.rank = p.rank
            new_rows.append(r)
    # The rows kept are in board order: a few new ones go into their places, many are sorted with them.
    presorted = len(new_rows) <= _INSERT_AT_MOST
    if presorted:
        for r in new_rows:
            bisect.insort(rows, r, key=_row_sort_key)
    else:
        rows += new_rows
    by_code = dict(previous)
    if code not in placements:
        by_code.pop(code, None)
    by_code.update((r.code, r) for r in new_rows)
    # The alerts of everyone else keep their order; the re-evaluated ones are merged in.
    alerts = [a for a in board.alerts if a.code not in dirty and a.code != code]
    for r in rows:
        if r.code in dirty:
            for a in r.alert_items:
                bisect.insort(alerts, a, key=alert_sort_key)
    return _finish(as_of, rows, cut, settings, units, changes=changes, recorded=recorded, alerts=alerts,
                   ranking=ranking, unit_alerts=board.unit_alerts, entries=entries, by_code=by_code,
                   presorted=presorted)


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
    i: int, ranking: list[tuple[int, str]], entries: Mapping[str, tuple[int, int]], cut: Cut, settings: Settings
) -> Placement:
    """The placement of the customer at index *i* of the ranking (as :func:`assign_tiers` would give)."""
    value, code = -ranking[i][0], ranking[i][1]
    high_value = i < cut.k and value > 0
    high_potential = entries[code][1] >= int(settings.high_potential_min)
    return Placement(tier_for(high_value, high_potential), i + 1, high_value, high_potential)
