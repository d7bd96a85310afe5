"""Pure rules of the customer-value engine: emotion, tiers, stages, follow-ups, alerts, figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tracker.rules.alerts import AlertFacts, OverdueReturn, customer_alerts, spend_drop
from tracker.rules.emotion import (
    ComplaintFact,
    EmotionEvent,
    band,
    breakdown,
    complaint_contribution,
    score_trend,
)
from tracker.rules.figures import CustomerFigures, business_figures
from tracker.rules.lifecycle import StageFacts, follow_up_due, follow_up_in, next_follow_up, stage
from tracker.rules.tiers import Cut, TierChange, assign_tiers, cut_reason, potential_of, tier_arrow, top_count
from tracker.settings import resolve

S = resolve({})
D0 = date(2025, 6, 30)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


# --- emotion -------------------------------------------------------------------------------

def test_worked_example_is_51_3():
    events = [EmotionEvent("visit", day(-10)), EmotionEvent("call", day(0))]
    complaints = [ComplaintFact("K1", day(-20), 3, resolved_on=day(-15))]
    b = breakdown(events, complaints, D0, S)
    expected = 50 + 5 * 0.5 ** (10 / 90) + 2 + (-12 + 6) * 0.5 ** (15 / 90)
    assert b.total == pytest.approx(expected)
    assert round(b.score, 1) == 51.3
    assert sum(line.current for line in b.lines) + 50 == pytest.approx(b.total)
    assert [line.original for line in b.lines] == [-12.0, 5.0, 2.0]


def test_events_after_as_of_are_ignored():
    events = [EmotionEvent("visit", day(1)), EmotionEvent("call", day(0))]
    assert breakdown(events, [ComplaintFact("K", day(3), 5)], D0, S).score == pytest.approx(52.0)


@pytest.mark.parametrize(
    "days_open, expected",
    [(0, -12), (6, -12), (7, -13), (13, -13), (14, -14), (83, -23), (84, -24), (300, -24)],
)
def test_open_complaint_escalates_weekly_capped_at_double(days_open, expected):
    c = ComplaintFact("K", day(-days_open), 3)
    assert complaint_contribution(c, D0, S) == expected


@pytest.mark.parametrize(
    "took, credit",
    [(0, 0.75), (2, 0.75), (3, 0.5), (7, 0.5), (8, 0.25), (30, 0.25), (31, 0.0)],
)
def test_repair_credit_brackets_on_their_boundary_days(took, credit):
    c = ComplaintFact("K", day(-took), 2, resolved_on=D0)  # P = 8, resolved today: no decay
    escalated = 8 + min(8, took // 7)
    assert complaint_contribution(c, D0, S) == pytest.approx(-escalated + 8 * credit)


def test_resolved_complaint_decays_from_resolution():
    c = ComplaintFact("K", day(-100), 1, resolved_on=day(-90))  # P=4, took 10: -5 + 1
    assert complaint_contribution(c, D0, S) == pytest.approx(-4 * 0.5)


def test_complaint_resolved_after_as_of_is_open_then():
    c = ComplaintFact("K", day(-8), 1, resolved_on=day(2))
    assert complaint_contribution(c, D0, S) == -5


def test_clamp_at_0_and_100():
    many = [EmotionEvent("project", D0)] * 10
    assert breakdown(many, [], D0, S).score == 100.0
    bad = [ComplaintFact(f"K{i}", day(-200), 5) for i in range(5)]  # open long past the cap: -40 each
    b = breakdown([], bad, D0, S)
    assert b.total == 50 - 5 * 40 and b.score == 0.0 and b.clamped


def test_bands():
    assert [band(x, S) for x in (80, 79.9, 65, 45, 44.9, 30, 29.9)] == [
        "close", "warm", "warm", "neutral", "cool", "cool", "cold"
    ]


def test_half_life_setting_changes_decay():
    s = resolve({"emotion_half_life_days": "10"})
    assert breakdown([EmotionEvent("visit", day(-10))], [], D0, s).score == pytest.approx(52.5)


kinds = st.sampled_from(["call", "message", "gift", "visit", "event", "project", "honour", "friction",
                         "returned", "referral"])
events_st = st.lists(st.builds(EmotionEvent, kinds, st.integers(-800, 0).map(day)), max_size=30)
complaints_st = st.lists(
    st.builds(
        lambda o, sev, took, resolved: ComplaintFact("K", day(o), sev, resolved_on=day(o + took) if resolved else None),
        st.integers(-800, 0), st.integers(1, 5), st.integers(0, 120), st.booleans(),
    ),
    max_size=8,
)


@hsettings(max_examples=150, deadline=None)
@given(events_st, complaints_st)
def test_score_stays_in_range(events, complaints):
    assert 0.0 <= breakdown(events, complaints, D0, S).score <= 100.0


@hsettings(max_examples=150, deadline=None)
@given(events_st, complaints_st, st.sampled_from([1, 7, 90]))
def test_trend_is_the_score_on_each_day(events, complaints, step):
    days = [D0 - timedelta(days=step * w) for w in range(11, -1, -1)]
    trend = score_trend(events, complaints, days, S)
    assert trend == pytest.approx([breakdown(events, complaints, d, S).score for d in days], abs=1e-9)


@hsettings(max_examples=150, deadline=None)
@given(events_st, complaints_st,
       st.sampled_from(["call", "message", "gift", "visit", "event", "project", "honour"]),
       st.integers(-800, 0))
def test_positive_interaction_never_lowers_score(events, complaints, kind, when):
    before = breakdown(events, complaints, D0, S).score
    after = breakdown([*events, EmotionEvent(kind, day(when))], complaints, D0, S).score
    assert after >= before


@hsettings(max_examples=200, deadline=None)
@given(st.integers(-800, 0), st.integers(1, 5), st.integers(0, 800))
def test_resolved_complaint_never_hurts_more_than_open(opened, severity, took):
    resolved_on = min(day(opened + took), D0)
    open_c = ComplaintFact("K", day(opened), severity)
    done = ComplaintFact("K", day(opened), severity, resolved_on=resolved_on)
    assert complaint_contribution(done, D0, S) >= complaint_contribution(open_c, D0, S)


# --- tiers ---------------------------------------------------------------------------------

def test_potential_from_rating_or_segment():
    assert potential_of(5, "small", S) == (5, True)
    assert potential_of(None, "large", S) == (4, False)
    assert potential_of(None, "prospect", S) == (3, False)
    assert potential_of(None, "small", S) == (2, False)


def test_top_count_is_robust_to_float_noise():
    assert [top_count(n, 0.2) for n in (0, 1, 2, 5, 6, 10, 15, 16)] == [0, 1, 1, 1, 2, 2, 3, 4]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_small_counts_have_one_top_customer(n):
    placed, cut = assign_tiers([(f"C{i}", 100 * (n - i), 3) for i in range(n)], S)
    assert cut.k == 1 and cut.n == n
    assert placed["C0"].tier == "platinum"
    assert all(placed[f"C{i}"].tier == "iron" for i in range(1, n))


def test_tie_at_the_cut_goes_to_the_lower_code():
    placed, cut = assign_tiers([("B", 500, 2), ("A", 500, 2), ("C", 100, 5), ("D", 90, 1), ("E", 0, 1)], S)
    assert (placed["A"].tier, placed["B"].tier) == ("gold", "lead")
    assert (placed["A"].rank, placed["B"].rank) == (1, 2)
    assert cut.cut_value == 500


def test_zero_and_negative_values_are_never_high():
    placed, _ = assign_tiers([("A", 0, 5), ("B", -100, 5), ("C", -200, 1)], S)
    assert placed["A"].tier == "iron" and placed["A"].rank == 1
    assert placed["B"].tier == "iron" and placed["C"].tier == "lead"


@hsettings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(-1000, 10_000), st.integers(1, 5)), max_size=60))
def test_tiers_partition_active_customers(items):
    customers = [(f"C{i:03d}", v, p) for i, (v, p) in enumerate(items)]
    placed, cut = assign_tiers(customers, S)
    assert set(placed) == {c[0] for c in customers}
    assert sorted(p.rank for p in placed.values()) == list(range(1, len(customers) + 1))
    high = [c for c, p in placed.items() if p.tier in ("platinum", "gold")]
    assert len(high) <= cut.k


def test_the_cut_is_said_as_the_top_k_of_the_count_with_the_margin():
    cut = Cut(39, 8, 2_122_700)
    assert cut_reason(2, 13_522_300, cut, 0.2) == (
        "top 8 of 39 by value (20% of the count): rank 2, 113,996.00 above the cut (21,227.00 at rank 8)"
    )
    assert cut_reason(8, 2_122_700, cut, 0.2).endswith("rank 8, at the cut (21,227.00 at rank 8)")
    assert cut_reason(9, 2_000_000, cut, 0.2) == (
        "not in the top 8 of 39 by value (20% of the count): rank 9, 1,227.00 short of the cut (21,227.00 at rank 8)"
    )
    # One more customer, the same values: the top 20% of 41 is 9, and rank 9 is in.
    _, grown = assign_tiers([(f"C{i}", 100 * (41 - i), 3) for i in range(41)], S)
    assert grown.k == 9 and cut_reason(9, 3300, grown, 0.2).startswith("top 9 of 41 by value")


def test_tier_arrow_within_window():
    hist = [TierChange(day(-40), "gold", "lead"), TierChange(day(-5), "lead", "gold")]
    assert tier_arrow(hist, D0, 30) == "down"
    assert tier_arrow(hist, D0, 50) is None  # back where it was
    assert tier_arrow([TierChange(day(-3), "platinum", "iron")], D0, 30) == "up"
    assert tier_arrow([TierChange(day(-3), "platinum", None)], D0, 30) is None
    assert tier_arrow([TierChange(day(-30), "platinum", "iron")], D0, 30) is None


# --- stages and follow-ups -----------------------------------------------------------------

def test_stage_first_that_holds():
    lt = StageFacts(counting=3, first_start=day(-300), last_start=day(-10))
    assert stage(StageFacts(partner=True, counting=5), 90, D0, S)[0] == "partner"
    assert stage(StageFacts(referred_with_rental=1), 50, D0, S)[0] == "strategic"
    assert stage(lt, 75, D0, S)[0] == "supporter"
    assert stage(lt, 74.9, D0, S)[0] == "long-term"
    assert stage(StageFacts(counting=3, first_start=day(-179), last_start=day(0)), 90, D0, S)[0] == "repeat"
    assert stage(StageFacts(counting=3, first_start=day(-600), last_start=day(-365)), 90, D0, S)[0] == "repeat"
    assert stage(StageFacts(counting=3, first_start=day(-600), last_start=day(-364)), 90, D0, S)[0] == "supporter"
    assert stage(StageFacts(counting=1, first_start=day(-1), last_start=day(-1)), 50, D0, S)[0] == "first-time"
    assert stage(StageFacts(interactions=2), 50, D0, S)[0] == "prospect"
    assert stage(StageFacts(), 50, D0, S) == ("profiled", "no rental, no interaction")


def test_next_follow_up_by_tier():
    assert next_follow_up(day(-20), day(-400), "platinum", S) == day(-6)
    assert next_follow_up(None, day(-100), "lead", S) == day(-10)
    assert next_follow_up(day(-1), day(-100), "gold", resolve({"cadence_gold": "7"})) == day(6)


def test_a_follow_up_says_how_far_it_is_and_is_due_from_its_day_on():
    assert [follow_up_in(day(n), D0) for n in (-360, -1, 0, 1, 5)] == ["-360d", "-1d", "today", "+1d", "+5d"]
    assert [follow_up_due(day(n), D0) for n in (-360, 0, 1)] == [True, True, False]


# --- alerts --------------------------------------------------------------------------------

def _kinds(**kw) -> list[str]:
    return [a.kind for a in customer_alerts(AlertFacts(code="C", name="Harbor Steel", tier="gold", **kw), D0, S)]


def test_spend_drop():
    assert spend_drop(100, 900, S) is not None  # usual 300, 100 < 150
    assert spend_drop(150, 900, S) is None
    assert spend_drop(0, 0, S) is None
    facts = AlertFacts(code="C", name="Harbor Steel", tier="gold", recent_value=38, baseline_value=300)
    [a] = customer_alerts(facts, D0, S)
    assert a.reason == "Harbor Steel: spend down 62% vs its usual 90 days"
    assert customer_alerts(AlertFacts(code="C", name="X", tier="iron", recent_value=0, baseline_value=300), D0, S) == []


def test_complaint_alerts():
    assert _kinds(complaints=[ComplaintFact("K", day(-7), 1)]) == []
    assert _kinds(complaints=[ComplaintFact("K", day(-8), 1)]) == ["complaint"]
    assert _kinds(complaints=[ComplaintFact("K", day(-2), 4)]) == []
    assert _kinds(complaints=[ComplaintFact("K", day(-3), 4)]) == ["complaint"]
    assert _kinds(complaints=[ComplaintFact("K", day(-30), 4, resolved_on=day(-1))]) == []


def test_other_alerts():
    assert _kinds(score=50, earlier_score=65) == ["emotion-drop"]
    assert _kinds(score=50.1, earlier_score=65) == []
    assert _kinds(next_follow_up=day(-1), follow_up_overdue=True) == ["follow-up"]
    assert _kinds(unpaid_count=1, unpaid_owed=5000) == ["unpaid"]
    assert _kinds(tier_drop=("platinum", "gold", day(-3))) == ["tier-drop"]
    assert _kinds(overdue_returns=[OverdueReturn("R1", day(-2))]) == ["overdue-return"]


# --- figures -------------------------------------------------------------------------------

def test_business_figures():
    def cf(v, tier, b, n, cats=()):
        return CustomerFigures(v, tier, b, 50.0, n, n, tuple(cats), len(cats))
    figs = business_figures(
        [cf(800, "platinum", "cold", 3, ["waiting"]), cf(100, "gold", "warm", 1), cf(100, "iron", "cool", 0),
         cf(0, "lead", "neutral", 0), cf(0, "lead", "neutral", 1)],
        top_k=1, units_on_rent=2,
    )
    assert figs.profit == 1000 and figs.top_profit == 800 and figs.top_share_of_profit == 0.8
    assert figs.value_at_risk == 800
    assert figs.repeat_rate == pytest.approx(1 / 3)
    assert figs.complaints_per_100_rentals == 20.0
    assert figs.complaints_by_category["waiting"] == 1 and figs.open_complaints == 1
    assert figs.units_on_rent == 2 and figs.active_customers == 5
