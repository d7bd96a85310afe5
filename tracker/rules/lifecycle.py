"""Lifecycle stage (SPEC 4.4) and follow-ups (SPEC 4.5): pure rules with ``as_of`` given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.i18n import _, ngettext
from tracker.rules.tiers import TIER_RANK
from tracker.settings import Settings
from tracker.words import shown

STAGES: tuple[str, ...] = (
    "partner", "strategic", "supporter", "long-term", "repeat", "first-time", "prospect", "profiled",
)


@dataclass(slots=True)
class StageFacts:
    """What the stage rules look at, all as of the date.

    ``counting`` is the number of counting rentals started on or before the
    date, ``first_start``/``last_start`` their first and last start,
    ``referred_with_rental`` how many customers it referred have a counting
    rental, ``interactions`` how many interactions it has.
    """

    partner: bool = False
    referred_with_rental: int = 0
    counting: int = 0
    first_start: date | None = None
    last_start: date | None = None
    interactions: int = 0
    counting_cap: int | None = None  # counting stops at this number: "at least" from there

    def rentals_text(self) -> str:
        """How many counting rentals, in words ("2", "at least 3")."""
        if self.counting_cap is not None and self.counting >= self.counting_cap:
            return _("at least {n}").format(n=self.counting)
        return str(self.counting)

    def _at_least(self) -> bool:
        return self.counting_cap is not None and self.counting >= self.counting_cap


def is_long_term(facts: StageFacts, as_of: date, settings: Settings) -> bool:
    """At least N counting rentals, first and last start far enough apart, the last recent.

    "Recent" means within the same kind of window as current value: last start
    in (as_of - long_term_recent_days, as_of].
    """
    if facts.counting < settings.long_term_min_rentals:
        return False
    if facts.first_start is None or facts.last_start is None:
        return False
    span = (facts.last_start - facts.first_start).days
    since_last = (as_of - facts.last_start).days
    return span >= settings.long_term_span_days and since_last < settings.long_term_recent_days


def stage(
    facts: StageFacts, score: float, as_of: date, settings: Settings
) -> tuple[str, str]:
    """The first of the eight stages that holds, and the rule that held, in words."""
    if facts.partner:
        return "partner", _("flagged as a partner")
    if facts.referred_with_rental:
        n = facts.referred_with_rental
        return "strategic", ngettext("referred {n} customer who rent", "referred {n} customers who rent", n).format(n=n)
    long_term = is_long_term(facts, as_of, settings)
    if long_term:
        # is_long_term needs both starts
        if facts._at_least():
            span = _("at least {n} rentals from {first} to {last}")
        else:
            span = _("{n} rentals from {first} to {last}")
        span = span.format(n=facts.counting, first=facts.first_start, last=facts.last_start)
        if score >= settings.supporter_min_score:
            return "supporter", _("long-term ({span}) and emotion {score} >= {least}").format(
                span=span, score=f"{score:.1f}", least=_n(settings.supporter_min_score))
        return "long-term", _("long-term: {span}").format(span=span)
    if facts.counting >= 2:
        if facts._at_least():
            return "repeat", _("at least {n} counting rentals").format(n=facts.counting)
        return "repeat", _("{n} counting rentals").format(n=facts.counting)
    if facts.counting == 1:
        return "first-time", _("one counting rental, on {day}").format(day=facts.first_start)
    if facts.interactions:
        n = facts.interactions
        return "prospect", ngettext("no rental yet, {n} interaction", "no rental yet, {n} interactions", n).format(n=n)
    return "profiled", _("no rental, no interaction")


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


#: The bands whose relationships need a call sooner than their tier's cadence may say.
COOLING_BANDS: tuple[str, ...] = ("cool", "cold")


@dataclass(frozen=True, slots=True)
class Cadence:
    """Days between follow-ups and what set them: a tier, a band, or the tier held before a drop."""

    days: int
    source: str  # "gold", "cold", "platinum before the drop"... in the language spoken
    tier: str  # the tier whose cadence (or the band beside it) holds: a kept tier for a drop


def follow_up_cadence(
    tier: str,
    band: str,
    settings: Settings,
    *,
    dropped_from: str | None = None,
) -> Cadence:
    """The shortest cadence that applies to the customer.

    Its tier's; a cool or cold customer's band's when shorter; and while a tier
    drop has not been followed by a contact (*dropped_from*, the tier before
    it), the cadence of that earlier tier when not longer: a drop never moves a
    follow-up later, nor ends its alert.
    """
    best = Cadence(settings.cadence(tier), shown(tier), tier)
    # On a tie the tier dropped from holds: its follow-up alert goes on (gold to iron, both 30 days).
    if dropped_from is not None and settings.cadence(dropped_from) <= best.days:
        best = Cadence(settings.cadence(dropped_from), _("{tier} before the drop").format(tier=shown(dropped_from)),
                       dropped_from)
    if band in COOLING_BANDS and settings.cadence(band) < best.days:
        best = Cadence(settings.cadence(band), shown(band), best.tier)
    return best


def uncontacted_drop(
    last_change: tuple[date, str, str | None] | None, last_contact: date | None
) -> str | None:
    """The tier a customer dropped from when its last tier change is a drop with no contact since.

    *last_change* is (changed on, tier, previous tier) of the customer's last
    tier change, the one being made today included.
    """
    if last_change is None:
        return None
    on, tier, previous = last_change
    if previous is None or TIER_RANK[previous] <= TIER_RANK[tier]:
        return None
    if last_contact is not None and last_contact >= on:
        return None
    return previous


def next_follow_up(
    last_contact: date | None, created_on: date, tier: str, settings: Settings, *, days: int | None = None
) -> date:
    """Last interaction (friction excluded; else the customer's creation) + the cadence.

    The cadence is *days* (from :func:`follow_up_cadence`), or the tier's.
    """
    return (last_contact or created_on) + timedelta(days=settings.cadence(tier) if days is None else days)


def earliest(*dates: date | None) -> date | None:
    """The earliest of the dates given (None ignored), or None."""
    known = [d for d in dates if d is not None]
    return min(known) if known else None


def follow_up_overdue(next_date: date, as_of: date) -> bool:
    """Overdue when the follow-up date is before *as_of*."""
    return next_date < as_of


def follow_up_due(next_date: date, as_of: date) -> bool:
    """Due when the follow-up date is *as_of* or before it (overdue)."""
    return next_date <= as_of


def follow_up_in(next_date: date, as_of: date) -> str:
    """How far the follow-up is from *as_of*: ``-360d`` (overdue), ``today``, ``+5d``."""
    days = (next_date - as_of).days
    return _("today") if days == 0 else _("{days}d").format(days=f"{days:+d}")
