"""One customer's facts as of a date, and their evaluation into a board row.

:class:`CustomerFacts` is what the database aggregates for one customer;
:func:`evaluate` turns it, with the few things that depend on other customers
(its tier placement, its referrals), into a :class:`CustomerRow`. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.i18n import _
from tracker.rules.alerts import Alert, AlertFacts, HeldDeposit, OverdueReturn, RentalRhythm, customer_alerts
from tracker.rules.emotion import ComplaintFact, band, decay, event_weight, score_from_total
from tracker.rules.figures import CustomerFigures
from tracker.rules.lifecycle import (
    StageFacts,
    follow_up_cadence,
    follow_up_overdue,
    next_follow_up,
    stage,
    uncontacted_drop,
)
from tracker.rules.tiers import Placement, TierChange, direction, potential_of, recent_change, tier_arrow
from tracker.settings import Settings


@dataclass(slots=True)
class CustomerFacts:
    """Aggregated facts of one customer as of a date (money in cents).

    Rental sums use the value basis (amount - cost, or amount) of counting
    rentals by start date: ``window_value`` over the value window,
    ``recent_value`` over the last ``spend_drop_recent_days`` and
    ``baseline_value`` over the ``spend_drop_baseline_days`` before those.
    Compensation is not yet subtracted (see :func:`current_value`).
    ``event_total``/``event_total_earlier`` hold the sum over the customer's
    interactions and returned rentals of ``weight * 0.5 ** (days_since / half_life)``
    as of the date and as of ``emotion_drop_days`` before it; referrals are
    added by :func:`evaluate` from the referred customers' ``first_start``.
    ``counting`` is capped (at the number the stage rules need), so it reads
    "at least" when it reaches ``counting_cap``.
    """

    code: str
    name: str
    segment: str = "small"
    potential_rating: int | None = None
    partner: bool = False
    referred_by: str | None = None
    created_on: date = date(2000, 1, 1)
    archived_on: date | None = None
    window_value: int = 0
    recent_value: int = 0
    baseline_value: int = 0
    window_rentals: int = 0
    counting: int = 0
    counting_cap: int | None = None
    first_start: date | None = None
    last_start: date | None = None
    any_rental: bool = False
    event_total: float = 0.0
    event_total_earlier: float = 0.0
    interactions: int = 0
    last_contact: date | None = None
    complaints: tuple[ComplaintFact, ...] = ()
    unpaid_count: int = 0
    unpaid_owed: int = 0
    overdue_returns: tuple[OverdueReturn, ...] = ()
    deposits_held: tuple[HeldDeposit, ...] = ()
    #: Its latest counting rentals' days (its usual interval, for silent churn).
    rhythm: RentalRhythm | None = None
    #: (changed on, tier, previous) of the last tier change recorded by the date.
    last_tier_change: tuple[date, str, str | None] | None = None
    #: (due, ref) of the open task or promise due first (a snoozed one from the day it wakes).
    next_task: tuple[date, str] | None = None


def is_active(f: CustomerFacts, as_of: date) -> bool:
    """Not archived on *as_of*, and known by then (created, or any record dated by then)."""
    if f.archived_on is not None and f.archived_on <= as_of:
        return False
    return (
        f.created_on <= as_of
        or f.any_rental
        or f.interactions > 0
        or any(c.opened_on <= as_of for c in f.complaints)
    )


def _compensation(complaints: Sequence[ComplaintFact], lo: date, hi: date) -> int:
    """Compensation of complaints opened in (lo, hi]."""
    return sum(c.compensation for c in complaints if lo < c.opened_on <= hi)


def current_value(f: CustomerFacts, as_of: date, settings: Settings) -> int:
    """SPEC 4.1: the window's rental value minus compensation of complaints opened in it."""
    lo = as_of - timedelta(days=settings.value_window_days)
    return f.window_value - _compensation(f.complaints, lo, as_of)


def spend_windows(f: CustomerFacts, as_of: date, settings: Settings) -> tuple[int, int]:
    """(recent value, baseline value), compensation subtracted as for current value."""
    r = settings.spend_drop_recent_days
    b = settings.spend_drop_baseline_days
    mid = as_of - timedelta(days=r)
    lo = mid - timedelta(days=b)
    return (
        f.recent_value - _compensation(f.complaints, mid, as_of),
        f.baseline_value - _compensation(f.complaints, lo, mid),
    )


@dataclass(frozen=True, slots=True)
class Referrals:
    """What a customer's referrals bring: decayed sums now and earlier, and how many rent."""

    decayed: float = 0.0
    decayed_earlier: float = 0.0
    with_rental: int = 0


def referrals_by_referrer(
    referred: Iterable[tuple[str | None, date | None]], as_of: date, settings: Settings
) -> dict[str, Referrals]:
    """For each referrer, the decayed referral sums and how many referred customers rent.

    *referred* holds, per referred customer, (referred_by, first counting rental
    start): the referral event is dated at that first rental.
    """
    half_life = settings.emotion_half_life_days
    earlier = as_of - timedelta(days=settings.emotion_drop_days)
    acc: dict[str, list[float]] = {}
    for referrer, first_start in referred:
        if referrer is None or first_start is None or first_start > as_of:
            continue
        a = acc.setdefault(referrer, [0.0, 0.0, 0])
        a[0] += decay((as_of - first_start).days, half_life)
        if first_start <= earlier:
            a[1] += decay((earlier - first_start).days, half_life)
        a[2] += 1
    return {code: Referrals(a[0], a[1], int(a[2])) for code, a in acc.items()}


@dataclass(slots=True)
class CustomerRow:
    """One line of the tier board (money in cents)."""

    code: str
    name: str
    segment: str
    referred_by: str | None
    tier: str
    tier_change: str | None
    rank: int
    current_value: int
    potential: int
    potential_rated: bool
    emotion: float
    band: str
    stage: str
    #: The stage rule that held, in words (in the language spoken when the row was made).
    stage_rule: str
    next_follow_up: date
    follow_up_overdue: bool
    #: The reasons of its alerts (in the language spoken when the row was made).
    alerts: list[str]
    alert_items: list[Alert] = field(default_factory=list, repr=False)
    figures: CustomerFigures | None = field(default=None, repr=False)


def emotion_scores(
    f: CustomerFacts, referrals: Referrals, as_of: date, settings: Settings
) -> tuple[float, float]:
    """The clamped score as of the date and as of ``emotion_drop_days`` before it."""
    earlier = as_of - timedelta(days=settings.emotion_drop_days)
    w = event_weight("referral", settings)
    return (
        score_from_total(f.event_total + w * referrals.decayed, f.complaints, as_of, settings),
        score_from_total(f.event_total_earlier + w * referrals.decayed_earlier, f.complaints, earlier, settings),
    )


def evaluate(
    f: CustomerFacts,
    placement: Placement,
    value: int,
    referrals: Referrals,
    history: Sequence[TierChange],
    as_of: date,
    settings: Settings,
) -> CustomerRow:
    """The board row of one active customer placed in the pyramid."""
    potential, rated = potential_of(f.potential_rating, f.segment, settings)
    score, earlier_score = emotion_scores(f, referrals, as_of, settings)
    the_band = band(score, settings)
    stage_name, rule = stage(
        StageFacts(f.partner, referrals.with_rental, f.counting, f.first_start, f.last_start, f.interactions,
                   f.counting_cap),
        score,
        as_of,
        settings,
    )
    tier = placement.tier
    arrow = tier_drop = None
    if history:
        arrow = tier_arrow(history, as_of, settings.tier_change_days)
        drop = recent_change(history, as_of, settings.tier_drop_days)
        tier_drop = drop if drop and direction(drop[0], drop[1]) == "down" else None
    last_change = f.last_tier_change
    if last_change is None or last_change[1] != tier:  # placed today off its last record: the change is now
        last_change = (as_of, tier, last_change[1]) if last_change else None
    cadence = follow_up_cadence(tier, the_band, settings, dropped_from=uncontacted_drop(last_change, f.last_contact))
    nxt = next_follow_up(f.last_contact, f.created_on, tier, settings, days=cadence.days)
    source = cadence.source
    if f.next_task is not None and f.next_task[0] < nxt:
        nxt, source = f.next_task[0], _("task {ref}").format(ref=f.next_task[1])
    overdue = follow_up_overdue(nxt, as_of)
    # Only platinum and gold customers can have a spend drop.
    recent, baseline = spend_windows(f, as_of, settings) if placement.high_value else (0, 0)
    alerts = customer_alerts(
        AlertFacts(
            code=f.code,
            name=f.name,
            tier=tier,
            recent_value=recent,
            baseline_value=baseline,
            complaints=f.complaints,
            score=score,
            earlier_score=earlier_score,
            next_follow_up=nxt,
            follow_up_overdue=overdue,
            follow_up_tier=cadence.tier,
            follow_up_source=source,
            rhythm=f.rhythm,
            unpaid_count=f.unpaid_count,
            unpaid_owed=f.unpaid_owed,
            tier_drop=tier_drop,
            overdue_returns=f.overdue_returns,
            deposits_held=f.deposits_held,
        ),
        as_of,
        settings,
    )
    window_complaints: tuple[str, ...] = ()
    open_complaints = 0
    if f.complaints:
        lo = as_of - timedelta(days=settings.value_window_days)
        window_complaints = tuple(c.category for c in f.complaints if lo < c.opened_on <= as_of)
        open_complaints = sum(1 for c in f.complaints if c.open_as_of(as_of))
    figs = CustomerFigures(
        current_value=value,
        tier=tier,
        band=the_band,
        emotion=score,
        counting_rentals=f.counting,
        window_rentals=f.window_rentals,
        window_complaints=window_complaints,
        open_complaints=open_complaints,
    )
    return CustomerRow(
        code=f.code,
        name=f.name,
        segment=f.segment,
        referred_by=f.referred_by,
        tier=tier,
        tier_change=arrow,
        rank=placement.rank,
        current_value=value,
        potential=potential,
        potential_rated=rated,
        emotion=score,
        band=the_band,
        stage=stage_name,
        stage_rule=rule,
        next_follow_up=nxt,
        follow_up_overdue=overdue,
        alerts=[a.reason for a in alerts],
        alert_items=alerts,
        figures=figs,
    )
