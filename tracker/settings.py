"""The owner's tunable settings: every threshold, weight, window and cadence.

Settings live in the database's ``settings`` table as text; this module is the
one place that knows their names, types, defaults and valid ranges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One setting: its type, default, allowed range and meaning."""

    key: str
    kind: type  # int, float or str
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()

    def parse(self, text: str) -> Any:
        """Turn stored or typed text into a valid value, or raise ``ValueError``."""
        raw = str(text).strip()
        if self.choices:
            if raw not in self.choices:
                raise ValueError(f"{self.key} must be one of {', '.join(self.choices)}")
            return raw
        try:
            value = self.kind(float(raw)) if self.kind is int and raw.endswith(".0") else self.kind(raw)
        except ValueError:
            noun = "a whole number" if self.kind is int else "a number"
            raise ValueError(f"{self.key} must be {noun}, not {raw!r}") from None
        if self.kind is float and value != value:  # NaN
            raise ValueError(f"{self.key} must be a number, not {raw!r}")
        if self.minimum is not None:
            if self.exclusive_minimum and value <= self.minimum:
                raise ValueError(f"{self.key} must be greater than {_num(self.minimum)}")
            if not self.exclusive_minimum and value < self.minimum:
                raise ValueError(f"{self.key} must be at least {_num(self.minimum)}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{self.key} must be at most {_num(self.maximum)}")
        return value

    def format(self, value: Any) -> str:
        """The text stored for *value*."""
        return str(value)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _days(key: str, default: int, help: str) -> Setting:
    return Setting(key, int, default, help, minimum=0, exclusive_minimum=True)


def _weight(key: str, default: float, help: str) -> Setting:
    return Setting(key, float, default, help, minimum=-100, maximum=100)


def _share(key: str, default: float, help: str) -> Setting:
    return Setting(key, float, default, help, minimum=0, maximum=1)


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        # 4.1 current value
        Setting("value_basis", str, "profit", "profit (amount - cost) or revenue (amount)",
                choices=("profit", "revenue")),
        _days("value_window_days", 365, "days of rentals that make current value"),
        # 4.2 tiers
        Setting("top_share", float, 0.20, "share of active customers with high current value",
                minimum=0, maximum=1, exclusive_minimum=True),
        Setting("high_potential_min", int, 3, "potential at or above which potential is high",
                minimum=1, maximum=5),
        Setting("potential_large", int, 4, "potential of an unrated large customer", minimum=1, maximum=5),
        Setting("potential_prospect", int, 3, "potential of an unrated prospect", minimum=1, maximum=5),
        Setting("potential_small", int, 2, "potential of an unrated small customer", minimum=1, maximum=5),
        _days("tier_change_days", 30, "days a tier change stays marked on the board"),
        # 4.3 relationship-emotion score
        Setting("emotion_baseline", float, 50.0, "score with no events", minimum=0, maximum=100),
        _days("emotion_half_life_days", 90, "days for an event's weight to halve"),
        _weight("weight_call", 2, "phone call"),
        _weight("weight_message", 2, "message"),
        _weight("weight_gift", 3, "gift"),
        _weight("weight_visit", 5, "visit"),
        _weight("weight_event", 6, "dinner, gathering, club activity"),
        _weight("weight_project", 8, "joint project or challenge completed"),
        _weight("weight_honour", 8, "award, VIP upgrade, public thanks"),
        _weight("weight_friction", -5, "argument, dispute"),
        _weight("weight_rental_returned", 2, "rental returned"),
        _weight("weight_referral", 6, "a referred customer's first rental"),
        Setting("complaint_penalty_per_severity", float, 4.0, "complaint penalty per severity point",
                minimum=0),
        _days("complaint_escalation_days", 7, "an open complaint worsens by one point per this many days"),
        _days("repair_fast_days", 2, "resolved within this many days earns the fast credit"),
        _share("repair_fast_credit", 0.75, "share of the penalty repaired by a fast resolution"),
        _days("repair_week_days", 7, "resolved within this many days earns the week credit"),
        _share("repair_week_credit", 0.5, "share repaired within the week"),
        _days("repair_month_days", 30, "resolved within this many days earns the month credit"),
        _share("repair_month_credit", 0.25, "share repaired within the month"),
        Setting("band_close", float, 80, "score at or above which a relationship is close", minimum=0, maximum=100),
        Setting("band_warm", float, 65, "score at or above which it is warm", minimum=0, maximum=100),
        Setting("band_neutral", float, 45, "score at or above which it is neutral", minimum=0, maximum=100),
        Setting("band_cool", float, 30, "score at or above which it is cool (below: cold)", minimum=0, maximum=100),
        # 4.4 stages
        Setting("supporter_min_score", float, 75, "emotion score a long-term customer needs to be a supporter",
                minimum=0, maximum=100),
        Setting("long_term_min_rentals", int, 3, "counting rentals for long-term", minimum=1),
        _days("long_term_span_days", 180, "days between first and last rental for long-term"),
        _days("long_term_recent_days", 365, "last rental within this many days for long-term"),
        # 4.5 follow-ups
        _days("cadence_platinum", 14, "days between follow-ups for platinum"),
        _days("cadence_gold", 30, "days between follow-ups for gold"),
        _days("cadence_iron", 30, "days between follow-ups for iron"),
        _days("cadence_lead", 90, "days between follow-ups for lead"),
        # 4.6 alerts
        _days("spend_drop_recent_days", 90, "recent window compared for a spend drop"),
        _days("spend_drop_baseline_days", 270, "earlier window the recent one is compared with"),
        _share("spend_drop_ratio", 0.5, "recent value below this share of usual is a drop"),
        _days("complaint_alert_days", 7, "an open complaint older than this is an alert"),
        Setting("severe_complaint_min", int, 4, "severity counted as severe", minimum=1, maximum=5),
        _days("severe_complaint_alert_days", 2, "a severe open complaint older than this is an alert"),
        Setting("emotion_drop_points", float, 15, "score fall that raises an alert", minimum=0,
                exclusive_minimum=True),
        _days("emotion_drop_days", 30, "days back the score is compared with"),
        _days("unpaid_after_days", 30, "days after a rental's end before an unpaid balance is an alert"),
        _days("tier_drop_days", 30, "days a tier drop stays an alert"),
    )
}

DEFAULTS: dict[str, str] = {k: s.format(s.default) for k, s in SETTINGS.items()}


def parse_setting(key: str, text: str) -> Any:
    """Validate one setting's text; ``KeyError`` for an unknown key, ``ValueError`` for a bad value."""
    try:
        setting = SETTINGS[key]
    except KeyError:
        raise KeyError(f"unknown setting {key!r}; `rentrack config` lists them") from None
    return setting.parse(text)


#: Settings that must not decrease along each chain (a band's floor below the next one's...).
ORDERED: tuple[tuple[str, ...], ...] = (
    ("band_cool", "band_neutral", "band_warm", "band_close"),
    ("repair_fast_days", "repair_week_days", "repair_month_days"),
)


def check_together(current: Mapping[str, Any], key: str, value: Any) -> None:
    """Refuse (``ValueError``) a value for *key* that breaks the order of its chain in :data:`ORDERED`."""
    for chain in ORDERED:
        if key not in chain:
            continue
        i = chain.index(key)
        for lower in chain[:i]:
            if value < current[lower]:
                raise ValueError(f"{key} must be at least {lower} ({_num(current[lower])})")
        for higher in chain[i + 1:]:
            if value > current[higher]:
                raise ValueError(f"{key} must be at most {higher} ({_num(current[higher])})")


def resolve(stored: Mapping[str, str]) -> dict[str, Any]:
    """Typed settings from stored text, falling back to the default where absent or invalid."""
    out: dict[str, Any] = {}
    for key, setting in SETTINGS.items():
        text = stored.get(key)
        try:
            out[key] = setting.parse(text) if text is not None else setting.default
        except ValueError:
            out[key] = setting.default
    return out
