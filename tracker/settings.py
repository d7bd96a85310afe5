"""The owner's tunable settings: every threshold, weight, window and cadence, typed.

:class:`Settings` is a frozen dataclass: each field is one setting, and its
metadata (a :class:`Spec`) holds the setting's meaning and valid range. The
database's ``settings`` table holds them as text; :func:`resolve` reads that
text into a :class:`Settings`, :data:`SPECS` validates and formats it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Spec:
    """One setting's meaning: its type, default, allowed range or choices."""

    key: str
    kind: type  # int, float or str
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()

    def parse(self, text: str) -> Any:
        """Turn stored or typed text into a valid value, or raise ``ValueError`` naming the setting."""
        raw = str(text).strip()
        if self.choices:
            if raw not in self.choices:
                raise ValueError(f"{self.key} must be one of {', '.join(self.choices)}")
            return raw
        try:
            value = self.kind(float(raw)) if self.kind is int and raw.endswith(".0") else self.kind(raw)
        except (ValueError, OverflowError):
            noun = "a whole number" if self.kind is int else "a number"
            raise ValueError(f"{self.key} must be {noun}, not {raw!r}") from None
        if self.kind is float and not -1e300 < value < 1e300:  # NaN and infinities
            raise ValueError(f"{self.key} must be a number, not {raw!r}")
        if self.minimum is not None:
            if self.exclusive_minimum and value <= self.minimum:
                raise ValueError(f"{self.key} must be greater than {number(self.minimum)}")
            if not self.exclusive_minimum and value < self.minimum:
                raise ValueError(f"{self.key} must be at least {number(self.minimum)}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{self.key} must be at most {number(self.maximum)}")
        return value

    def format(self, value: Any) -> str:
        """The text stored for *value* (a whole float without its ``.0``)."""
        return number(value) if self.kind is float else str(value)


def number(x: float) -> str:
    """A setting's number as the owner would write it: ``30``, ``0.75``."""
    return str(int(x)) if float(x).is_integer() else str(x)


def _spec(kind: type, default: Any, help: str, **rule: Any) -> Any:
    return dataclasses.field(default=default, metadata={"spec": (kind, help, rule)})


def _days(default: int, help: str, **rule: Any) -> Any:
    return _spec(int, default, help, minimum=0, exclusive_minimum=True, **rule)


def _weight(default: float, help: str) -> Any:
    return _spec(float, float(default), help, minimum=-100, maximum=100)


def _share(default: float, help: str) -> Any:
    return _spec(float, default, help, minimum=0, maximum=1)


def _score(default: float, help: str) -> Any:
    return _spec(float, float(default), help, minimum=0, maximum=100)


def _potential(default: int, help: str) -> Any:
    return _spec(int, default, help, minimum=1, maximum=5)


def _discount(tier: str, default: float) -> Any:
    return _spec(float, float(default), f"{tier}: % taken off a rental's amount when it is confirmed",
                 minimum=0, maximum=100)


def _deposit(tier: str, default: int) -> Any:
    return _spec(int, default, f"{tier}: deposit asked, % of the usual (0 waived, 100 full)", minimum=0, maximum=100)


def _priority(tier: str, default: str) -> Any:
    return _spec(str, default, f"{tier}: priority booking note (blank: none)")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, typed; the defaults are SPEC's."""

    language: str = _spec(str, "auto", "the interface's language: auto (the locale's), en or zh",
                          choices=("auto", "en", "zh"))
    # 4.1 current value
    value_basis: str = _spec(str, "profit", "profit (amount - cost) or revenue (amount)",
                             choices=("profit", "revenue"))
    value_window_days: int = _days(365, "days of rentals that make current value")
    # 4.2 tiers
    top_share: float = _spec(float, 0.20, "share of active customers with high current value",
                             minimum=0, maximum=1, exclusive_minimum=True)
    high_potential_min: int = _potential(3, "potential at or above which potential is high")
    potential_large: int = _potential(4, "potential of an unrated large customer")
    potential_prospect: int = _potential(3, "potential of an unrated prospect")
    potential_small: int = _potential(2, "potential of an unrated small customer")
    tier_change_days: int = _days(30, "days a tier change stays marked on the board")
    # 4.3 relationship-emotion score
    emotion_baseline: float = _score(50.0, "score with no events")
    emotion_half_life_days: int = _days(90, "days for an event's weight to halve")
    weight_call: float = _weight(2, "phone call")
    weight_message: float = _weight(2, "message")
    weight_gift: float = _weight(3, "gift")
    weight_visit: float = _weight(5, "visit")
    weight_event: float = _weight(6, "dinner, gathering, club activity")
    weight_project: float = _weight(8, "joint project or challenge completed")
    weight_honour: float = _weight(8, "award, VIP upgrade, public thanks")
    weight_friction: float = _weight(-5, "argument, dispute")
    weight_rental_returned: float = _weight(2, "rental returned")
    weight_referral: float = _weight(6, "a referred customer's first rental")
    weight_satisfaction: float = _weight(6, "a return visit: this x (its score - 50) / 50, its score 0/40/60/100")
    complaint_penalty_per_severity: float = _spec(float, 4.0, "complaint penalty per severity point", minimum=0)
    complaint_escalation_days: int = _days(7, "an open complaint worsens by one point per this many days")
    repair_fast_days: int = _days(2, "resolved within this many days earns the fast credit")
    repair_fast_credit: float = _share(0.75, "share of the penalty repaired by a fast resolution")
    repair_week_days: int = _days(7, "resolved within this many days earns the week credit")
    repair_week_credit: float = _share(0.5, "share repaired within the week")
    repair_month_days: int = _days(30, "resolved within this many days earns the month credit")
    repair_month_credit: float = _share(0.25, "share repaired within the month")
    band_close: float = _score(80, "score at or above which a relationship is close")
    band_warm: float = _score(65, "score at or above which it is warm")
    band_neutral: float = _score(45, "score at or above which it is neutral")
    band_cool: float = _score(30, "score at or above which it is cool (below: cold)")
    # 4.4 stages
    supporter_min_score: float = _score(75, "emotion score a long-term customer needs to be a supporter")
    long_term_min_rentals: int = _spec(int, 3, "counting rentals for long-term", minimum=1)
    long_term_span_days: int = _days(180, "days between first and last rental for long-term")
    long_term_recent_days: int = _days(365, "last rental within this many days for long-term")
    # 4.5 follow-ups
    cadence_platinum: int = _days(14, "days between follow-ups for platinum")
    cadence_gold: int = _days(30, "days between follow-ups for gold")
    cadence_iron: int = _days(30, "days between follow-ups for iron")
    cadence_lead: int = _days(90, "days between follow-ups for lead")
    cadence_cool: int = _days(30, "days between follow-ups for a cool relationship, when shorter than its tier's")
    return_visit_days: int = _days(7, "days after a rental's return its return visit is due")
    cadence_cold: int = _days(14, "days between follow-ups for a cold relationship, when shorter than its tier's")
    # 4.6 alerts
    spend_drop_recent_days: int = _days(90, "recent window compared for a spend drop")
    spend_drop_baseline_days: int = _days(270, "earlier window the recent one is compared with")
    spend_drop_ratio: float = _share(0.5, "recent value below this share of usual is a drop")
    complaint_alert_days: int = _days(7, "an open complaint older than this is an alert")
    severe_complaint_min: int = _potential(4, "severity counted as severe")
    severe_complaint_alert_days: int = _days(2, "a severe open complaint older than this is an alert")
    emotion_drop_points: float = _spec(float, 15.0, "score fall that raises an alert", minimum=0,
                                       exclusive_minimum=True)
    emotion_drop_days: int = _days(30, "days back the score is compared with")
    unpaid_after_days: int = _days(30, "days after a rental's end before an unpaid balance is an alert")
    tier_drop_days: int = _days(30, "days a tier drop stays an alert")
    deposit_held_days: int = _days(14, "days after a rental's return before a deposit still held is an alert")
    inspection_warn_days: int = _days(14, "days ahead a unit's inspection falling due is an alert")
    churn_factor: float = _spec(float, 3.0, "no rental for this many times a customer's usual interval is silent churn",
                                minimum=1, exclusive_minimum=True)
    churn_min_rentals: int = _spec(int, 3, "rentals (on different days) a customer needs before its silence counts",
                                   minimum=3)
    churn_lookback_rentals: int = _spec(int, 6, "latest rentals whose intervals make a customer's usual interval",
                                        minimum=3, maximum=50)
    # the VIP ladder: each tier's benefits
    # The VIP ladder is the owner's to set: by default no tier is given anything off
    # (the demo business has one: fixtures.DEMO_SETTINGS).
    benefit_discount_platinum: float = _discount("platinum", 0)
    benefit_deposit_platinum: int = _deposit("platinum", 100)
    benefit_priority_platinum: str = _priority("platinum", "")
    benefit_discount_gold: float = _discount("gold", 0)
    benefit_deposit_gold: int = _deposit("gold", 100)
    benefit_priority_gold: str = _priority("gold", "")
    benefit_discount_iron: float = _discount("iron", 0)
    benefit_deposit_iron: int = _deposit("iron", 100)
    benefit_priority_iron: str = _priority("iron", "")
    benefit_discount_lead: float = _discount("lead", 0)
    benefit_deposit_lead: int = _deposit("lead", 100)
    benefit_priority_lead: str = _priority("lead", "")

    def cadence(self, tier: str) -> int:
        """Days between follow-ups for *tier* (or for the band ``cool`` or ``cold``)."""
        return getattr(self, f"cadence_{tier}")

    def unrated_potential(self, segment: str) -> int:
        """The potential of a customer the owner has not rated, by segment."""
        return {"large": self.potential_large, "prospect": self.potential_prospect}.get(segment, self.potential_small)

    def as_dict(self) -> dict[str, Any]:
        """Every setting's value by key."""
        return {key: getattr(self, key) for key in SPECS}

    def key(self) -> str:
        """The settings as canonical JSON text (what a stored board was computed with)."""
        return json.dumps(self.as_dict(), sort_keys=True)

    def replace(self, **changes: Any) -> Settings:
        """A copy with *changes* (values already typed and valid)."""
        return dataclasses.replace(self, **changes)


def _specs() -> dict[str, Spec]:
    out = {}
    for f in dataclasses.fields(Settings):
        kind, help_text, rule = f.metadata["spec"]
        out[f.name] = Spec(f.name, kind, f.default, help_text, **rule)
    return out


#: Every setting's :class:`Spec`, in the order ``rentrack config`` lists them.
SPECS: dict[str, Spec] = _specs()
#: The defaults as stored text.
DEFAULTS: dict[str, str] = {k: s.format(s.default) for k, s in SPECS.items()}


def parse_setting(key: str, text: str) -> Any:
    """Validate one setting's text; ``KeyError`` for an unknown key, ``ValueError`` for a bad value."""
    try:
        spec = SPECS[key]
    except KeyError:
        raise KeyError(f"unknown setting {key!r}; `rentrack config` lists them") from None
    return spec.parse(text)


#: Settings that must not decrease along each chain (a band's floor below the next one's...).
ORDERED: tuple[tuple[str, ...], ...] = (
    ("band_cool", "band_neutral", "band_warm", "band_close"),
    ("repair_fast_days", "repair_week_days", "repair_month_days"),
    ("churn_min_rentals", "churn_lookback_rentals"),
)


def check_together(current: Settings, key: str, value: Any) -> None:
    """Refuse (``ValueError``) a value for *key* that breaks the order of its chain in :data:`ORDERED`."""
    for chain in ORDERED:
        if key not in chain:
            continue
        i = chain.index(key)
        for lower in chain[:i]:
            if value < getattr(current, lower):
                raise ValueError(f"{key} must be at least {lower} ({number(getattr(current, lower))})")
        for higher in chain[i + 1:]:
            if value > getattr(current, higher):
                raise ValueError(f"{key} must be at most {higher} ({number(getattr(current, higher))})")


def resolve(stored: Mapping[str, str]) -> Settings:
    """Typed settings from stored text, falling back to the default where absent or invalid."""
    values: dict[str, Any] = {}
    for key, spec in SPECS.items():
        text = stored.get(key)
        if text is None:
            continue
        try:
            values[key] = spec.parse(text)
        except ValueError:
            pass
    return Settings(**values)
