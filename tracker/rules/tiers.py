"""The customer pyramid (SPEC 4.2): potential, the top-share cut, tiers and tier changes.

Pure functions over plain data; ``settings`` is the typed mapping from
:func:`tracker.settings.resolve`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from db.schema import TIERS
from tracker.cents import cents_to_text
from tracker.i18n import _
from tracker.settings import Settings

#: The tiers of high current value (the top of the pyramid).
HIGH_VALUE_TIERS: tuple[str, ...] = TIERS[:2]
#: Rank of each tier for up/down: platinum > gold > iron > lead.
TIER_RANK: dict[str, int] = {"platinum": 3, "gold": 2, "iron": 1, "lead": 0}


def potential_of(rating: int | None, segment: str, settings: Settings) -> tuple[int, bool]:
    """The customer's potential and whether it is the owner's rating (else from the segment)."""
    if rating is not None:
        return int(rating), True
    return settings.unrated_potential(segment), False


def top_count(n: int, share: float) -> int:
    """K = ceil(share x N), robust to float noise (0.2 x 15 is 3, not 4)."""
    return math.ceil(round(share * n, 9))


def cut_reason(rank: int, value: int, cut: Cut, share: float) -> str:
    """Where a customer stands against the top-share cut, and by how much.

    ``top 8 of 39 by value (20% of the count): rank 2, 114,000.00 above the cut (21,227.00 at rank 8)``.
    The cut moves as customers are added: it is a share of the count, not an amount.
    """
    def money(cents: int) -> str:
        return cents_to_text(cents, thousands=True)

    share_text = f"{round(share * 100, 2):g}"
    if cut.cut_value is None or not cut.k:
        # xgettext: no-python-format
        return _("not in the top {k} of {n} by value ({share}% of the count): rank {rank}").format(
            k=cut.k, n=cut.n, share=share_text, rank=rank)
    values = {"k": cut.k, "n": cut.n, "share": share_text, "rank": rank, "cut": money(cut.cut_value)}
    if rank <= cut.k:
        if value <= 0:
            # xgettext: no-python-format
            return _("in the top {k} of {n} by value ({share}% of the count) at rank {rank},"
                     " but with no value: {value}").format(**values, value=money(value))
        gap = value - cut.cut_value
        if gap == 0:
            # xgettext: no-python-format
            return _("top {k} of {n} by value ({share}% of the count): rank {rank}, at the cut"
                     " ({cut} at rank {k})").format(**values)
        # xgettext: no-python-format
        return _("top {k} of {n} by value ({share}% of the count): rank {rank}, {gap} above the cut"
                 " ({cut} at rank {k})").format(**values, gap=money(gap))
    gap = cut.cut_value - value
    if gap == 0:
        # xgettext: no-python-format
        return _("not in the top {k} of {n} by value ({share}% of the count): rank {rank}, level with the cut"
                 " ({cut} at rank {k})").format(**values)
    # xgettext: no-python-format
    return _("not in the top {k} of {n} by value ({share}% of the count): rank {rank}, {gap} short of the cut"
             " ({cut} at rank {k})").format(**values, gap=money(gap))


def tier_for(high_value: bool, high_potential: bool) -> str:
    """The pyramid's cell: platinum, gold, iron or lead."""
    if high_value:
        return "platinum" if high_potential else "gold"
    return "iron" if high_potential else "lead"


class Placement(NamedTuple):
    """Where one customer sits: tier, rank (1 = most valuable) and why."""

    tier: str
    rank: int
    high_value: bool
    high_potential: bool


@dataclass(frozen=True, slots=True)
class Cut:
    """The top-share cut: N active customers, the first K are candidates for high value.

    ``cut_value`` is the current value of the K-th customer (None when N = 0):
    a customer has high current value when ranked within K and its value > 0.
    """

    n: int
    k: int
    cut_value: int | None


def assign_tiers(
    customers: Iterable[tuple[str, int, int]], settings: Settings
) -> tuple[dict[str, Placement], Cut]:
    """Place active customers given as (code, current_value, potential) in the pyramid.

    Sorted by current value descending then code; the first K = ceil(top_share x N)
    with a value above 0 have high current value; potential >= high_potential_min
    is high. Returns each code's placement and the cut.
    """
    ordered = sorted(customers, key=lambda c: (-c[1], c[0]))
    n = len(ordered)
    k = top_count(n, float(settings.top_share))
    high_min = int(settings.high_potential_min)
    out: dict[str, Placement] = {}
    for i, (code, value, potential) in enumerate(ordered):
        high_value = i < k and value > 0
        high_potential = potential >= high_min
        out[code] = Placement(tier_for(high_value, high_potential), i + 1, high_value, high_potential)
    cut_value = ordered[k - 1][1] if n and k else None
    return out, Cut(n, k, cut_value)


@dataclass(frozen=True, slots=True)
class TierChange:
    """One recorded change of tier (``previous`` is None for the first record)."""

    changed_on: date
    tier: str
    previous: str | None


def recent_change(
    history: Sequence[TierChange], as_of: date, days: int
) -> tuple[str, str, date] | None:
    """The net change recorded in (as_of - days, as_of]: (from, to, last change date).

    The span starts from the tier before its first record, or, when that
    record is the customer's first (no previous tier), from the tier it
    recorded. None when nothing was recorded in that span, when the only
    record is the first one, or when the tier came back to where it was.
    """
    since = as_of - timedelta(days=days)
    inside = sorted((h for h in history if since < h.changed_on <= as_of), key=lambda h: h.changed_on)
    if not inside:
        return None
    first = inside[0]
    before, after = (first.previous if first.previous is not None else first.tier), inside[-1].tier
    if before == after:
        return None
    return before, after, inside[-1].changed_on


def direction(before: str, after: str) -> str | None:
    """'up' when *after* is a better tier than *before*, 'down' when worse, else None."""
    if TIER_RANK[after] > TIER_RANK[before]:
        return "up"
    if TIER_RANK[after] < TIER_RANK[before]:
        return "down"
    return None


def tier_arrow(history: Sequence[TierChange], as_of: date, days: int) -> str | None:
    """'up', 'down' or None: the direction of the net change in the last *days*."""
    change = recent_change(history, as_of, days)
    return direction(change[0], change[1]) if change else None


def changes_to_record(
    last_recorded: Mapping[str, str], computed: Mapping[str, str]
) -> list[tuple[str, str, str | None]]:
    """(code, tier, previous) for every customer whose computed tier differs from its last record."""
    return [
        (code, tier, last_recorded.get(code))
        for code, tier in computed.items()
        if last_recorded.get(code) != tier
    ]
