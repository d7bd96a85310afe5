"""The relationship-emotion score (SPEC 4.3): events, complaints, decay, clamp and bands.

Pure functions over plain data; ``as_of`` is always given and anything dated
after it is ignored. ``settings`` is the typed mapping from
:func:`tracker.settings.resolve`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from tracker.i18n import _
from tracker.settings import Settings
from tracker.words import shown

#: Event kinds that carry a weight, with the setting that holds it.
WEIGHT_KEYS: dict[str, str] = {
    "call": "weight_call",
    "message": "weight_message",
    "gift": "weight_gift",
    "visit": "weight_visit",
    "event": "weight_event",
    "project": "weight_project",
    "honour": "weight_honour",
    "friction": "weight_friction",
    "returned": "weight_rental_returned",
    "referral": "weight_referral",
    "return-visit": "weight_satisfaction",
}
#: The score of each return-visit rating (the seeds' scale).
SATISFACTION_SCORES: dict[str, int] = {"not-satisfied": 0, "ok": 40, "satisfied": 60, "very-satisfied": 100}


def satisfaction_scale(rating: str) -> float:
    """The share of ``weight_satisfaction`` a return visit's rating carries: (score - 50) / 50, -1 to +1."""
    return (SATISFACTION_SCORES[rating] - 50) / 50
#: Every decaying event kind: the interaction kinds, a returned rental, a referral.
EVENT_KINDS: tuple[str, ...] = tuple(WEIGHT_KEYS)

BANDS: tuple[str, ...] = ("close", "warm", "neutral", "cool", "cold")


@dataclass(frozen=True, slots=True)
class EmotionEvent:
    """A dated event that warms or cools a relationship (an interaction, a return, a referral)."""

    kind: str
    on: date
    what: str = ""
    #: The share of its kind's weight it carries (a return visit's rating; 1 for the others).
    scale: float = 1.0


@dataclass(frozen=True, slots=True)
class ComplaintFact:
    """What the score and the alerts need to know about one complaint."""

    ref: str
    opened_on: date
    severity: int
    category: str = "attitude"
    resolved_on: date | None = None
    compensation: int = 0

    def resolved_as_of(self, as_of: date) -> date | None:
        """The resolution date if the complaint was resolved on or before *as_of*."""
        if self.resolved_on is not None and self.resolved_on <= as_of:
            return self.resolved_on
        return None

    def open_as_of(self, as_of: date) -> bool:
        """Opened on or before *as_of* and not yet resolved then."""
        return self.opened_on <= as_of and self.resolved_as_of(as_of) is None


@dataclass(frozen=True, slots=True)
class Contribution:
    """One line of the score's breakdown: what, when, its weight then and as of the date."""

    what: str
    on: date
    original: float
    current: float


@dataclass(frozen=True, slots=True)
class EmotionBreakdown:
    """Every contribution, their sum, and the score after the clamp."""

    baseline: float
    lines: tuple[Contribution, ...]
    total: float  # baseline + sum of contributions, before the clamp
    score: float  # total clamped to 0..100

    @property
    def clamped(self) -> bool:
        """True when the clamp changed the total."""
        return self.score != self.total


def decay(days: float, half_life: float) -> float:
    """The share of a weight left after *days*: ``0.5 ** (days / half_life)``."""
    return 0.5 ** (days / half_life)


def event_weight(kind: str, settings: Settings) -> float:
    """The original weight of an event of *kind* (``KeyError`` for an unknown kind)."""
    return float(getattr(settings, WEIGHT_KEYS[kind]))


def complaint_penalty(severity: int, settings: Settings) -> float:
    """P = penalty per severity point x severity."""
    return float(settings.complaint_penalty_per_severity) * severity


def _escalated(penalty: float, days_open: int, settings: Settings) -> float:
    """The penalty after *days_open*: one more point per escalation period, up to double."""
    return penalty + min(penalty, days_open // int(settings.complaint_escalation_days))


def repair_credit(penalty: float, days_to_resolve: int, settings: Settings) -> float:
    """R: the share of the penalty won back by resolving within each bracket."""
    if days_to_resolve <= settings.repair_fast_days:
        share = settings.repair_fast_credit
    elif days_to_resolve <= settings.repair_week_days:
        share = settings.repair_week_credit
    elif days_to_resolve <= settings.repair_month_days:
        share = settings.repair_month_credit
    else:
        share = 0.0
    return penalty * float(share)


def complaint_contribution(
    complaint: ComplaintFact, as_of: date, settings: Settings
) -> float:
    """What one complaint adds to the score on *as_of* (0 if opened after it).

    Open: ``-(P + min(P, floor(days_open / 7)))``, no decay. Resolved on r:
    ``(-(P + min(P, floor((r - o) / 7))) + R) * 0.5 ** ((t - r) / half_life)``.
    """
    if complaint.opened_on > as_of:
        return 0.0
    penalty = complaint_penalty(complaint.severity, settings)
    resolved = complaint.resolved_as_of(as_of)
    if resolved is None:
        return -_escalated(penalty, (as_of - complaint.opened_on).days, settings)
    took = (resolved - complaint.opened_on).days
    at_resolution = -_escalated(penalty, took, settings) + repair_credit(penalty, took, settings)
    return at_resolution * decay((as_of - resolved).days, settings.emotion_half_life_days)


def complaints_total(
    complaints: Iterable[ComplaintFact], as_of: date, settings: Settings
) -> float:
    """The sum of the complaints' contributions on *as_of*."""
    return sum(complaint_contribution(c, as_of, settings) for c in complaints)


def clamp_score(total: float) -> float:
    """The score: *total* held within 0..100."""
    return min(100.0, max(0.0, total))


def score_from_total(
    event_total: float,
    complaints: Iterable[ComplaintFact],
    as_of: date,
    settings: Settings,
) -> float:
    """The clamped score from the weighted decayed sum of the events and the complaints.

    *event_total* is the sum over the events dated on or before *as_of* of
    ``weight * 0.5 ** (days_since / half_life)``; complaints opened after
    *as_of* add nothing.
    """
    total = float(settings.emotion_baseline) + event_total
    for c in complaints:
        if c.opened_on <= as_of:
            total += complaint_contribution(c, as_of, settings)
    return clamp_score(total)


def _complaint_label(c: ComplaintFact, as_of: date) -> str:
    resolved = c.resolved_as_of(as_of)
    if resolved:
        return _("complaint {ref} ({category}, severity {severity}, resolved {on})").format(
            ref=c.ref, category=shown(c.category), severity=c.severity, on=resolved.isoformat())
    return _("complaint {ref} ({category}, severity {severity}, open)").format(
        ref=c.ref, category=shown(c.category), severity=c.severity)


def event_label(kind: str, subject: str | None = None, note: str | None = None, rating: str | None = None) -> str:
    """An event's line in the breakdown, in the language spoken now, from its fields
    (:func:`db.board_queries.customers_events`): ``call: asked for a quote``, ``rental R1 returned``,
    ``return visit on R1: satisfied (note)``, ``referred Acme (C9) first rented``."""
    if kind == "returned":
        return _("rental {ref} returned").format(ref=subject)
    if kind == "return-visit":
        if note:
            return _("return visit on {ref}: {rating} ({note})").format(ref=subject, rating=shown(rating), note=note)
        return _("return visit on {ref}: {rating}").format(ref=subject, rating=shown(rating))
    if kind == "referral":
        return _("referred {name} ({code}) first rented").format(name=note, code=subject)
    if note:
        return _("{kind}: {note}").format(kind=shown(kind), note=note)
    return shown(kind)


def breakdown(
    events: Iterable[EmotionEvent],
    complaints: Iterable[ComplaintFact],
    as_of: date,
    settings: Settings,
) -> EmotionBreakdown:
    """The score line by line: each event and complaint up to *as_of*, oldest first.

    ``original`` is the weight on the day (for a complaint, -P); ``current`` is
    what it adds on *as_of*. ``total`` is the baseline plus the currents, before
    the clamp; ``score`` is after it.
    """
    half_life = settings.emotion_half_life_days
    lines: list[Contribution] = []
    for e in events:
        if e.on > as_of:
            continue
        w = event_weight(e.kind, settings) * e.scale
        lines.append(Contribution(e.what or shown(e.kind), e.on, w, w * decay((as_of - e.on).days, half_life)))
    for c in complaints:
        if c.opened_on > as_of:
            continue
        lines.append(
            Contribution(
                _complaint_label(c, as_of),
                c.opened_on,
                -complaint_penalty(c.severity, settings),
                complaint_contribution(c, as_of, settings),
            )
        )
    lines.sort(key=lambda line: (line.on, line.what))
    baseline = float(settings.emotion_baseline)
    total = baseline + sum(line.current for line in lines)
    return EmotionBreakdown(baseline, tuple(lines), total, clamp_score(total))


def score_trend(
    events: Iterable[EmotionEvent],
    complaints: Iterable[ComplaintFact],
    days: Sequence[date],
    settings: Settings,
) -> list[float]:
    """The clamped score on each of *days* (ascending): :func:`emotion_score` for each, in one pass.

    The events' decayed weights are carried from one day to the next, so a
    customer with many events costs one sort, not one breakdown per day.
    """
    half_life = settings.emotion_half_life_days
    ordered = sorted((e.on, event_weight(e.kind, settings) * e.scale) for e in events)
    complaints = list(complaints)
    baseline = float(settings.emotion_baseline)
    scores: list[float] = []
    acc = 0.0  # sum of weight x decay up to the previous day
    previous: date | None = None
    i = 0
    for day in days:
        if previous is not None:
            acc *= decay((day - previous).days, half_life)
        while i < len(ordered) and ordered[i][0] <= day:
            on, w = ordered[i]
            acc += w * decay((day - on).days, half_life)
            i += 1
        previous = day
        scores.append(clamp_score(baseline + acc + complaints_total(complaints, day, settings)))
    return scores


def band(score: float, settings: Settings) -> str:
    """close, warm, neutral, cool or cold, by the band thresholds."""
    if score >= settings.band_close:
        return "close"
    if score >= settings.band_warm:
        return "warm"
    if score >= settings.band_neutral:
        return "neutral"
    if score >= settings.band_cool:
        return "cool"
    return "cold"
