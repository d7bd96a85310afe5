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

from tracker.i18n import AUTO, LANGUAGES, N_, _


@dataclass(frozen=True)
class Spec:
    """One setting's meaning: its type, default, allowed range or choices.

    ``help`` is the meaning in English; :meth:`help_text` gives it in the language spoken now.
    """

    key: str
    kind: type  # int, float or str
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()
    #: The tier a VIP-ladder setting is about (its help names it), blank for the others.
    tier: str = ""
    #: The help's message in the catalogue (``{tier}`` filled when shown); blank: ``help`` itself.
    help_message: str = ""

    def help_text(self) -> str:
        """The setting's meaning in the language spoken now (``黄金：…`` for a gold benefit in Chinese)."""
        if not self.help_message:
            return _(self.help)
        from tracker.words import shown

        return _(self.help_message).format(tier=shown(self.tier))

    def parse(self, text: str) -> Any:
        """Turn stored or typed text into a valid value, or raise ``ValueError`` naming the setting."""
        raw = str(text).strip()
        if self.choices:
            if raw not in self.choices:
                raise ValueError(_("{key} must be one of {choices}").format(key=self.key, choices=", ".join(self.choices)))
            return raw
        try:
            value = self.kind(float(raw)) if self.kind is int and raw.endswith(".0") else self.kind(raw)
        except (ValueError, OverflowError):
            if self.kind is int:
                message = _("{key} must be a whole number, not {raw}")
            else:
                message = _("{key} must be a number, not {raw}")
            raise ValueError(message.format(key=self.key, raw=repr(raw))) from None
        if self.kind is float and not -1e300 < value < 1e300:  # NaN and infinities
            raise ValueError(_("{key} must be a number, not {raw}").format(key=self.key, raw=repr(raw)))
        if self.minimum is not None:
            if self.exclusive_minimum and value <= self.minimum:
                raise ValueError(_("{key} must be greater than {least}").format(key=self.key,
                                                                               least=number(self.minimum)))
            if not self.exclusive_minimum and value < self.minimum:
                raise ValueError(_("{key} must be at least {least}").format(key=self.key, least=number(self.minimum)))
        if self.maximum is not None and value > self.maximum:
            raise ValueError(_("{key} must be at most {most}").format(key=self.key, most=number(self.maximum)))
        return value

    def format(self, value: Any) -> str:
        """The text stored for *value* (a whole float without its ``.0``)."""
        return number(value) if self.kind is float else str(value)


def number(x: float) -> str:
    """A setting's number as the owner would write it: ``30``, ``0.75``."""
    return str(int(x)) if float(x).is_integer() else str(x)


def _spec(kind: type, default: Any, help: str, **rule: Any) -> Any:
    """A setting; *help* is its meaning, marked for the catalogue (``N_``), with ``{tier}`` for a tier's."""
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
    return _spec(float, float(default), N_("{tier}: % taken off a rental's amount when it is confirmed"),
                 minimum=0, maximum=100, tier=tier)


def _deposit(tier: str, default: int) -> Any:
    # xgettext: no-python-format
    return _spec(int, default, N_("{tier}: deposit asked, % of the usual (0 waived, 100 full)"), minimum=0,
                 maximum=100, tier=tier)


def _priority(tier: str, default: str) -> Any:
    return _spec(str, default, N_("{tier}: priority booking note (blank: none)"), tier=tier)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, typed; the defaults are SPEC's."""

    language: str = _spec(str, "auto", N_("the interface's language: auto (the locale's), en or zh"),
                          choices=(AUTO, *LANGUAGES))
    # 4.1 current value
    value_basis: str = _spec(str, "profit", N_("profit (amount - cost) or revenue (amount)"),
                             choices=("profit", "revenue"))
    value_window_days: int = _days(365, N_("days of rentals that make current value"))
    # 4.2 tiers
    top_share: float = _spec(float, 0.20, N_("share of active customers with high current value"),
                             minimum=0, maximum=1, exclusive_minimum=True)
    high_potential_min: int = _potential(3, N_("potential at or above which potential is high"))
    potential_large: int = _potential(4, N_("potential of an unrated large customer"))
    potential_prospect: int = _potential(3, N_("potential of an unrated prospect"))
    potential_small: int = _potential(2, N_("potential of an unrated small customer"))
    tier_change_days: int = _days(30, N_("days a tier change stays marked on the board"))
    # 4.3 relationship-emotion score
    emotion_baseline: float = _score(50.0, N_("score with no events"))
    emotion_half_life_days: int = _days(90, N_("days for an event's weight to halve"))
    weight_call: float = _weight(2, N_("phone call"))
    weight_message: float = _weight(2, N_("message"))
    weight_gift: float = _weight(3, N_("gift"))
    weight_visit: float = _weight(5, N_("visit"))
    weight_event: float = _weight(6, N_("dinner, gathering, club activity"))
    weight_project: float = _weight(8, N_("joint project or challenge completed"))
    weight_honour: float = _weight(8, N_("award, VIP upgrade, public thanks"))
    weight_friction: float = _weight(-5, N_("argument, dispute"))
    weight_rental_returned: float = _weight(2, N_("rental returned"))
    weight_referral: float = _weight(6, N_("a referred customer's first rental"))
    weight_satisfaction: float = _weight(6, N_("a return visit: this x (its score - 50) / 50, its score 0/40/60/100"))
    complaint_penalty_per_severity: float = _spec(float, 4.0, N_("complaint penalty per severity point"), minimum=0)
    complaint_escalation_days: int = _days(7, N_("an open complaint worsens by one point per this many days"))
    repair_fast_days: int = _days(2, N_("resolved within this many days earns the fast credit"))
    repair_fast_credit: float = _share(0.75, N_("share of the penalty repaired by a fast resolution"))
    repair_week_days: int = _days(7, N_("resolved within this many days earns the week credit"))
    repair_week_credit: float = _share(0.5, N_("share repaired within the week"))
    repair_month_days: int = _days(30, N_("resolved within this many days earns the month credit"))
    repair_month_credit: float = _share(0.25, N_("share repaired within the month"))
    band_close: float = _score(80, N_("score at or above which a relationship is close"))
    band_warm: float = _score(65, N_("score at or above which it is warm"))
    band_neutral: float = _score(45, N_("score at or above which it is neutral"))
    band_cool: float = _score(30, N_("score at or above which it is cool (below: cold)"))
    # 4.4 stages
    supporter_min_score: float = _score(75, N_("emotion score a long-term customer needs to be a supporter"))
    long_term_min_rentals: int = _spec(int, 3, N_("counting rentals for long-term"), minimum=1)
    long_term_span_days: int = _days(180, N_("days between first and last rental for long-term"))
    long_term_recent_days: int = _days(365, N_("last rental within this many days for long-term"))
    # 4.5 follow-ups
    cadence_platinum: int = _days(14, N_("days between follow-ups for platinum"))
    cadence_gold: int = _days(30, N_("days between follow-ups for gold"))
    cadence_iron: int = _days(30, N_("days between follow-ups for iron"))
    cadence_lead: int = _days(90, N_("days between follow-ups for lead"))
    cadence_cool: int = _days(30, N_("days between follow-ups for a cool relationship, when shorter than its tier's"))
    return_visit_days: int = _days(7, N_("days after a rental's return its return visit is due"))
    cadence_cold: int = _days(14, N_("days between follow-ups for a cold relationship, when shorter than its tier's"))
    # 4.6 alerts
    spend_drop_recent_days: int = _days(90, N_("recent window compared for a spend drop"))
    spend_drop_baseline_days: int = _days(270, N_("earlier window the recent one is compared with"))
    spend_drop_ratio: float = _share(0.5, N_("recent value below this share of usual is a drop"))
    complaint_alert_days: int = _days(7, N_("an open complaint older than this is an alert"))
    severe_complaint_min: int = _potential(4, N_("severity counted as severe"))
    severe_complaint_alert_days: int = _days(2, N_("a severe open complaint older than this is an alert"))
    emotion_drop_points: float = _spec(float, 15.0, N_("score fall that raises an alert"), minimum=0,
                                       exclusive_minimum=True)
    emotion_drop_days: int = _days(30, N_("days back the score is compared with"))
    unpaid_after_days: int = _days(30, N_("days after a rental's end before an unpaid balance is an alert"))
    tier_drop_days: int = _days(30, N_("days a tier drop stays an alert"))
    deposit_held_days: int = _days(14, N_("days after a rental's return before a deposit still held is an alert"))
    inspection_warn_days: int = _days(14, N_("days ahead a unit's inspection falling due is an alert"))
    churn_factor: float = _spec(float, 3.0,
                                N_("no rental for this many times a customer's usual interval is silent churn"),
                                minimum=1, exclusive_minimum=True)
    churn_min_rentals: int = _spec(int, 3, N_("rentals (on different days) a customer needs before its silence counts"),
                                   minimum=3)
    churn_lookback_rentals: int = _spec(int, 6, N_("latest rentals whose intervals make a customer's usual interval"),
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
        if rule.get("tier"):
            rule = {**rule, "help_message": help_text}
            help_text = help_text.format(tier=rule["tier"])
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
        raise KeyError(_("unknown setting {key}; `rentrack config` lists them").format(key=repr(key))) from None
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
                raise ValueError(_("{key} must be at least {other} ({value})").format(
                    key=key, other=lower, value=number(getattr(current, lower))))
        for higher in chain[i + 1:]:
            if value > getattr(current, higher):
                raise ValueError(_("{key} must be at most {other} ({value})").format(
                    key=key, other=higher, value=number(getattr(current, higher))))


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
