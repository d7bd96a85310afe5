"""Alerts (SPEC 4.6): what needs the owner's attention, each with its reason in words.

Pure functions over plain data with ``as_of`` given; ``settings`` is the typed
mapping from :func:`tracker.settings.resolve`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from tracker.cents import cents_to_text
from tracker.i18n import _, ngettext
from tracker.rules.emotion import ComplaintFact
from tracker.rules.tiers import HIGH_VALUE_TIERS
from tracker.settings import Settings, number
from tracker.words import shown

ALERT_KINDS: tuple[str, ...] = (
    "spend-drop", "silent-churn", "complaint", "emotion-drop", "follow-up", "unpaid", "tier-drop", "overdue-return",
    "deposit-held", "inspection",
)


class Alert(NamedTuple):
    """One alert: whose, which kind, and why (``reason`` starts with the customer's name).

    ``reason`` is in the language spoken when the alert was made (the stored board is kept
    per language: :mod:`tracker.board.cache`). ``about`` is the record the alert is about
    where it is not the customer or unit of ``code``: a deposit-held alert's rental.

    A named tuple: a whole board's alerts are built in bulk when it is read back from store.
    """

    code: str
    name: str
    kind: str
    reason: str
    about: str = ""


@dataclass(frozen=True, slots=True)
class HeldDeposit:
    """A deposit still held on a rental whose unit has come back."""

    ref: str
    rental: str
    returned: date
    amount: int


@dataclass(frozen=True, slots=True)
class OverdueReturn:
    """A rental still on rent after its end date."""

    ref: str
    end_date: date


@dataclass(frozen=True, slots=True)
class RentalRhythm:
    """A customer's latest rentals: the last start, the earliest start among them and how many days they span.

    ``days`` is the number of distinct start days among the latest
    ``churn_lookback_rentals`` counting rentals, ``first`` the earliest of them.
    """

    first: date
    last: date
    days: int

    def usual_interval(self) -> float | None:
        """The average days between those rentals; None with fewer than two days."""
        if self.days < 2:
            return None
        return (self.last - self.first).days / (self.days - 1)


def silent_churn(rhythm: RentalRhythm | None, as_of: date, settings: Settings) -> tuple[int, float] | None:
    """(days since the last rental, its usual interval) when the silence is past k x the usual, else None.

    Needs ``churn_min_rentals`` rentals on different days; k is ``churn_factor``.
    """
    if rhythm is None or rhythm.days < settings.churn_min_rentals:
        return None
    usual = rhythm.usual_interval()
    if not usual:
        return None
    gap = (as_of - rhythm.last).days
    if gap > settings.churn_factor * usual:
        return gap, usual
    return None


@dataclass(slots=True)
class AlertFacts:
    """Everything the alert rules look at for one customer, as of the date.

    ``recent_value`` is the value of the last ``spend_drop_recent_days``,
    ``baseline_value`` that of the ``spend_drop_baseline_days`` before them.
    ``unpaid_count``/``unpaid_owed`` cover counting rentals that ended more
    than ``unpaid_after_days`` ago with paid < amount.
    """

    code: str
    name: str
    tier: str
    recent_value: int = 0
    baseline_value: int = 0
    complaints: Sequence[ComplaintFact] = ()
    score: float = 50.0
    earlier_score: float = 50.0
    next_follow_up: date | None = None
    follow_up_overdue: bool = False
    #: The tier whose follow-up alerts apply (a tier dropped from, while no contact followed), default ``tier``.
    follow_up_tier: str | None = None
    #: What set the follow-up date, in words (default ``tier``): "cold", "gold before the drop", "task T-1"
    #: (in the language spoken: see :func:`tracker.rules.lifecycle.follow_up_cadence`).
    follow_up_source: str | None = None
    rhythm: RentalRhythm | None = None
    unpaid_count: int = 0
    unpaid_owed: int = 0
    tier_drop: tuple[str, str, date] | None = None  # (from, to, on)
    overdue_returns: Sequence[OverdueReturn] = ()
    deposits_held: Sequence[HeldDeposit] = ()


def spend_drop(recent: int, baseline: int, settings: Settings) -> float | None:
    """The drop (0..1+) when recent value is below ratio x the usual, else None.

    The usual is the baseline's average per recent-length period; no alert when
    that average is not above 0.
    """
    usual = baseline * settings.spend_drop_recent_days / settings.spend_drop_baseline_days
    if usual <= 0:
        return None
    if recent < settings.spend_drop_ratio * usual:
        return 1 - recent / usual
    return None


def complaint_alert(c: ComplaintFact, as_of: date, settings: Settings) -> str | None:
    """Why this complaint is an alert (open too long, or severe and open too long), else None."""
    if not c.open_as_of(as_of):
        return None
    age = (as_of - c.opened_on).days
    severe = c.severity >= settings.severe_complaint_min
    if age > settings.complaint_alert_days or (severe and age > settings.severe_complaint_alert_days):
        return ngettext("complaint {ref} ({category}, severity {severity}) open {n} day",
                        "complaint {ref} ({category}, severity {severity}) open {n} days", age).format(
            ref=c.ref, category=shown(c.category), severity=c.severity, n=age)
    return None


def customer_alerts(facts: AlertFacts, as_of: date, settings: Settings) -> list[Alert]:
    """Every alert that holds for one customer, in the order of SPEC 4.6."""
    out: list[Alert] = []

    def add(kind: str, why: str, about: str = "") -> None:
        out.append(Alert(facts.code, facts.name, kind, f"{facts.name}: {why}", about))

    if facts.tier in HIGH_VALUE_TIERS:
        drop = spend_drop(facts.recent_value, facts.baseline_value, settings)
        if drop is not None:
            add("spend-drop", _("spend down {pct}% vs its usual {days} days").format(
                pct=round(drop * 100), days=settings.spend_drop_recent_days))
    churn = silent_churn(facts.rhythm, as_of, settings)
    if churn is not None and facts.rhythm is not None:
        gap, usual = churn
        add("silent-churn", ngettext(
            "no rental for {n} day, over {factor}x its usual {usual} days between rentals (last began {last})",
            "no rental for {n} days, over {factor}x its usual {usual} days between rentals (last began {last})",
            gap).format(n=gap, factor=number(settings.churn_factor), usual=round(usual), last=facts.rhythm.last))
    for c in sorted(facts.complaints, key=lambda c: (c.opened_on, c.ref)):
        why = complaint_alert(c, as_of, settings)
        if why:
            add("complaint", why)
    fall = facts.earlier_score - facts.score
    if fall >= settings.emotion_drop_points:
        add(
            "emotion-drop",
            _("emotion down {fall} points in {days} days ({before} -> {after})").format(
                fall=f"{fall:.1f}", days=settings.emotion_drop_days, before=f"{facts.earlier_score:.1f}",
                after=f"{facts.score:.1f}"),
        )
    if (facts.follow_up_tier or facts.tier) in HIGH_VALUE_TIERS and facts.follow_up_overdue and facts.next_follow_up:
        late = (as_of - facts.next_follow_up).days
        add("follow-up", ngettext("follow-up overdue by {n} day (due {due}, {source})",
                                  "follow-up overdue by {n} days (due {due}, {source})", late).format(
            n=late, due=facts.next_follow_up, source=facts.follow_up_source or shown(facts.tier)))
    if facts.unpaid_count:
        add(
            "unpaid",
            ngettext("{n} rental unpaid more than {days} days after the end, {owed} owed",
                     "{n} rentals unpaid more than {days} days after the end, {owed} owed",
                     facts.unpaid_count).format(n=facts.unpaid_count, days=settings.unpaid_after_days,
                                                owed=cents_to_text(facts.unpaid_owed, thousands=True)),
        )
    if facts.tier_drop:
        before, after, on = facts.tier_drop
        add("tier-drop", _("tier dropped from {before} to {after} on {on}").format(
            before=shown(before), after=shown(after), on=on))
    for r in sorted(facts.overdue_returns, key=lambda r: (r.end_date, r.ref)):
        late = (as_of - r.end_date).days
        add("overdue-return", ngettext("{ref} still on rent, due back {end} ({n} day late)",
                                       "{ref} still on rent, due back {end} ({n} days late)", late).format(
            ref=r.ref, end=r.end_date, n=late))
    for d in facts.deposits_held:
        held = (as_of - d.returned).days
        add("deposit-held", ngettext("deposit {ref} ({amount}) still held {n} day after {rental} came back",
                                     "deposit {ref} ({amount}) still held {n} days after {rental} came back",
                                     held).format(ref=d.ref, amount=cents_to_text(d.amount, thousands=True),
                                                  n=held, rental=d.rental), d.rental)
    return out


def held_on(alert: Alert) -> str | None:
    """The rental a deposit-held alert is about, None for another kind of alert."""
    if alert.kind != "deposit-held" or not alert.about:
        return None
    return alert.about


def inspection_alerts(due: Iterable[tuple[str, str, date]], as_of: date) -> list[Alert]:
    """An alert per unit whose inspection is overdue or falls due soon: (unit code, name, next due)."""
    out = []
    for code, name, next_due in due:
        days = (next_due - as_of).days
        if days < 0:
            why = ngettext("inspection overdue by {n} day ({due}); it cannot be booked past it",
                           "inspection overdue by {n} days ({due}); it cannot be booked past it", -days)
        elif days == 0:
            why = _("inspection due today ({due}); it cannot be booked past it")
        else:
            why = ngettext("inspection due in {n} day ({due}); it cannot be booked past it",
                           "inspection due in {n} days ({due}); it cannot be booked past it", days)
        out.append(Alert(code, name, "inspection", f"{name}: {why.format(n=abs(days), due=next_due)}"))
    return out


_KIND_ORDER = {k: i for i, k in enumerate(ALERT_KINDS)}


def alert_sort_key(a: Alert) -> tuple[int, str, str, str]:
    """Where an alert goes in the list: by kind in SPEC order, then customer name, code and reason."""
    return (_KIND_ORDER.get(a.kind, 99), a.name, a.code, a.reason)


def sort_alerts(alerts: Iterable[Alert]) -> list[Alert]:
    """Alerts grouped by kind in SPEC order, then by customer name and code."""
    return sorted(alerts, key=alert_sort_key)
