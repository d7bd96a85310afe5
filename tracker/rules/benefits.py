"""The VIP ladder: each tier's benefits, the discount a confirmed rental gets, the deposit asked, and how far
a customer is from the next tier.

Pure functions over plain data. A discount is taken once, when a rental is
confirmed (a new one saved booked or on rent, or a quote or a cancelled
rental moved to booked or on rent): its amount becomes the amount after the
discount, and a line in its notes keeps the amount before it
(:func:`discount_line`), which :func:`recorded_discount` reads back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from db.schema import TIERS
from tracker.cents import cents_to_text
from tracker.i18n import _
from tracker.rules.tiers import Cut
from tracker.settings import Settings, number
from tracker.words import shown

#: The statuses a rental is confirmed into, and those it is confirmed from (a new rental: None).
CONFIRMED = ("booked", "on-rent")
UNCONFIRMED = (None, "quote", "cancelled")


@dataclass(frozen=True, slots=True)
class Benefit:
    """One tier's benefits: the discount (% of the amount), the deposit asked (% of the usual), a booking note."""

    tier: str
    discount_pct: float
    deposit_pct: int
    priority: str

    @property
    def empty(self) -> bool:
        """No discount, the full deposit and no priority booking."""
        return not self.discount_pct and self.deposit_pct == 100 and not self.priority


def benefit_of(tier: str, settings: Settings) -> Benefit:
    """The benefits of *tier* as the settings give them."""
    return Benefit(
        tier,
        float(getattr(settings, f"benefit_discount_{tier}")),
        int(getattr(settings, f"benefit_deposit_{tier}")),
        str(getattr(settings, f"benefit_priority_{tier}")).strip(),
    )


def discount_of(amount: int, pct: float) -> int:
    """Cents taken off *amount* (cents) by a *pct* % discount, rounded half up to the cent."""
    if amount <= 0 or pct <= 0:
        return 0
    taken = (Decimal(amount) * Decimal(str(pct)) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(int(taken), amount)


def deposit_asked(usual: int, benefit: Benefit) -> int:
    """The deposit asked of the tier (cents) where *usual* is asked of anyone: 0 when waived."""
    return int((Decimal(usual) * benefit.deposit_pct / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def deposit_text(benefit: Benefit) -> str:
    """``deposit waived``, ``deposit reduced to 50%`` or ``full deposit``."""
    if benefit.deposit_pct == 0:
        return _("deposit waived")
    if benefit.deposit_pct >= 100:
        return _("full deposit")
    return _("deposit reduced to {pct}%").format(pct=benefit.deposit_pct)


def benefit_text(benefit: Benefit) -> str:
    """The tier's benefits in one line: ``gold: 3% off when confirmed, deposit reduced to 50%, priority booking:
    units held 24 hours`` (``lead: no benefits``)."""
    if benefit.empty:
        return _("{tier}: no benefits").format(tier=shown(benefit.tier))
    # xgettext: no-python-format
    parts = [_("{pct}% off when confirmed").format(pct=number(benefit.discount_pct)) if benefit.discount_pct
             else _("no discount"), deposit_text(benefit)]
    if benefit.priority:
        parts.append(_("priority booking: {note}").format(note=benefit.priority))
    listed = parts[0]
    for part in parts[1:]:
        listed = _("{earlier}, {later}").format(earlier=listed, later=part)
    return _("{tier}: {benefits}").format(tier=shown(benefit.tier), benefits=listed)


def discount_line(benefit: Benefit, before: int, taken: int) -> str:
    """The notes line that keeps what a discount took: ``gold benefit: 3% off 1,200.00 = 36.00 taken off``.

    Stored in the rental's notes and read back (:func:`recorded_discount`): English in every language.
    """
    return (f"{benefit.tier} benefit: {number(benefit.discount_pct)}% off {cents_to_text(before, thousands=True)}"
            f" = {cents_to_text(taken, thousands=True)} taken off")


_LINE = re.compile(
    rf"\b({'|'.join(TIERS)}) benefit: ([0-9.]+)% off (-?[0-9,]+\.[0-9]{{2}}) = ([0-9,]+\.[0-9]{{2}}) taken off"
)


def _cents(text: str) -> int:
    return int(Decimal(text.replace(",", "")) * 100)


@dataclass(frozen=True, slots=True)
class Discount:
    """A discount a rental's notes record: the tier, the %, the amount before it and what it took."""

    tier: str
    pct: float
    before: int
    taken: int


def discount_taken_text(d: Discount) -> str:
    """What a discount took, for the owner: ``gold benefit: 3% off 1,200.00, 36.00 taken off (1,164.00 to pay)``."""
    # xgettext: no-python-format
    return _("{tier} benefit: {pct}% off {before}, {taken} taken off ({left} to pay)").format(
        tier=shown(d.tier), pct=number(d.pct), before=cents_to_text(d.before, thousands=True),
        taken=cents_to_text(d.taken, thousands=True), left=cents_to_text(d.before - d.taken, thousands=True))


def newly_taken(before_notes: str | None, after_notes: str | None) -> Discount | None:
    """The discount *after_notes* record that *before_notes* did not (taken by the save between them)."""
    return None if recorded_discount(before_notes) else recorded_discount(after_notes)


def recorded_discount(notes: str | None) -> Discount | None:
    """The discount recorded in a rental's *notes* (:func:`discount_line`), or None."""
    found = _LINE.search(notes or "")
    if found is None:
        return None
    return Discount(found[1], float(found[2]), _cents(found[3]), _cents(found[4]))


def confirm_discount(
    stored_status: str | None, row: Mapping[str, Any], benefit: Benefit | None
) -> tuple[dict[str, Any], int]:
    """A rental's row with *benefit*'s discount taken, and the cents taken (0: the row as it was).

    Taken when the rental is confirmed: *row* is booked or on rent and was new
    (*stored_status* None), a quote or cancelled; and only once (none when its
    notes already record one).
    """
    out = dict(row)
    if (benefit is None or not benefit.discount_pct or row.get("status") not in CONFIRMED
            or stored_status not in UNCONFIRMED or recorded_discount(row.get("notes"))):
        return out, 0
    before = int(row.get("amount") or 0)
    taken = discount_of(before, benefit.discount_pct)
    if not taken:
        return out, 0
    line = discount_line(benefit, before, taken)
    notes = (row.get("notes") or "").strip()
    out["amount"] = before - taken
    out["notes"] = f"{notes}; {line}" if notes else line
    return out, taken


# --- the distance to the next tier -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class NextStep:
    """One way up the ladder: to *tier*, by more value this year (more than *value_more* cents) or by potential."""

    tier: str
    #: The value to gain: more than this many cents (None: value is not the way).
    value_more: int | None = None
    #: The potential that would do it (None: potential is not the way).
    potential: int | None = None


def next_steps(tier: str, value: int, potential: int, cut: Cut, settings: Settings) -> list[NextStep]:
    """How *tier*'s customer (current *value* cents, *potential*) would reach the tiers above it.

    High current value needs a value above the cut's (the K-th customer's
    value, and above 0): more than the difference. High potential needs
    ``high_potential_min``. Platinum has no tier above it.
    """
    threshold = max(cut.cut_value or 0, 0)
    more = max(threshold - value, 0)
    high_min = int(settings.high_potential_min)
    if tier == "gold":
        return [NextStep("platinum", potential=high_min)]
    if tier == "iron":
        return [NextStep("platinum", value_more=more)]
    if tier == "lead":
        return [NextStep("iron", potential=high_min), NextStep("gold", value_more=more)]
    return []


def step_text(step: NextStep) -> str:
    """``rated potential 3 would make it platinum``, ``more than 1,200.00 more value this year would make it gold``."""
    if step.potential is not None:
        return _("rated potential {potential} would make it {tier}").format(
            potential=step.potential, tier=shown(step.tier))
    assert step.value_more is not None
    if step.value_more == 0:
        return _("any more value this year would make it {tier}").format(tier=shown(step.tier))
    return _("more than {amount} more value this year would make it {tier}").format(
        amount=cents_to_text(step.value_more, thousands=True), tier=shown(step.tier))


def next_tier_text(tier: str | None, steps: list[NextStep]) -> str:
    """The distance to the next tier in one line (``the top tier`` for platinum, blank when off the board)."""
    if tier is None:
        return ""
    if not steps:
        return _("the top tier")
    return "; ".join(step_text(s) for s in steps)
