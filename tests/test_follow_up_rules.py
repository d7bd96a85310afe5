"""Follow-ups after a tier drop, the cooling bands' cadence, the first tier change, and silent churn."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.schema import TIERS
from tracker.rules.alerts import AlertFacts, RentalRhythm, customer_alerts, silent_churn
from tracker.rules.lifecycle import follow_up_cadence, next_follow_up, uncontacted_drop
from tracker.rules.tiers import TierChange, recent_change, tier_arrow
from tracker.settings import resolve

S = resolve({})
D0 = date(2025, 6, 30)
BANDS = ("close", "warm", "neutral", "cool", "cold")


def day(n: int) -> date:
    return D0 + timedelta(days=n)


# --- the cadence --------------------------------------------------------------------------------

def test_a_cool_or_cold_customer_gets_the_shorter_cadence_of_its_band_or_tier():
    assert follow_up_cadence("lead", "cold", S).days == 14
    assert follow_up_cadence("lead", "cool", S).days == 30
    assert follow_up_cadence("gold", "cold", S).days == 14
    assert follow_up_cadence("platinum", "cool", S).days == 14  # its tier's is shorter
    assert follow_up_cadence("lead", "neutral", S).days == 90
    assert follow_up_cadence("lead", "cold", S).source == "cold"
    assert follow_up_cadence("platinum", "cold", S).source == "platinum"


def test_a_drop_with_no_contact_since_keeps_the_earlier_tiers_cadence():
    drop = (day(-5), "lead", "gold")
    assert uncontacted_drop(drop, day(-40)) == "gold"
    assert uncontacted_drop(drop, None) == "gold"
    assert uncontacted_drop(drop, day(-5)) is None  # contacted on the day of the drop
    assert uncontacted_drop((day(-5), "gold", "lead"), day(-40)) is None  # a rise
    assert uncontacted_drop((day(-5), "gold", None), day(-40)) is None  # the first record
    assert uncontacted_drop(None, day(-40)) is None
    c = follow_up_cadence("lead", "neutral", S, dropped_from="gold")
    assert (c.days, c.source, c.tier) == (30, "gold before the drop", "gold")
    same = follow_up_cadence("iron", "neutral", S, dropped_from="gold")  # both 30 days: gold's alert goes on
    assert (same.days, same.tier) == (30, "gold")
    # gold (30 days) to lead (90 days), last call 40 days ago: due 10 days ago, as before the drop
    assert next_follow_up(day(-40), day(-400), "lead", S, days=c.days) == day(-10)


@given(
    st.sampled_from(TIERS), st.sampled_from(TIERS), st.sampled_from(BANDS),
    st.integers(-400, 0), st.integers(-400, 0),
)
def test_a_drop_never_moves_a_follow_up_later(before, after, band, contact, dropped):
    """Whatever the tiers, band and dates: the date after a drop is never later than the one before it."""
    last_contact, on = day(contact), day(dropped)
    was = next_follow_up(last_contact, day(-1000), before, S,
                         days=follow_up_cadence(before, band, S).days)
    kept = uncontacted_drop((on, after, before), last_contact)
    now = next_follow_up(last_contact, day(-1000), after, S,
                         days=follow_up_cadence(after, band, S, dropped_from=kept).days)
    if last_contact < on:
        assert now <= was
    assert now <= next_follow_up(last_contact, day(-1000), after, S)  # never later than the tier alone


def test_the_follow_up_alert_stays_for_a_customer_dropped_from_gold():
    facts = AlertFacts(code="C", name="Harbor Steel", tier="iron", next_follow_up=day(-10), follow_up_overdue=True,
                       follow_up_tier="gold", follow_up_source="gold before the drop")
    [a] = customer_alerts(facts, D0, S)
    assert a.reason == "Harbor Steel: follow-up overdue by 10 days (due 2025-06-20, gold before the drop)"
    plain_iron = AlertFacts(code="C", name="Harbor Steel", tier="iron", next_follow_up=day(-10),
                            follow_up_overdue=True)
    assert customer_alerts(plain_iron, D0, S) == []


# --- the first tier change ------------------------------------------------------------------------

def test_the_first_change_after_the_first_record_shows_an_arrow_and_the_drop():
    history = [TierChange(day(-20), "gold", None), TierChange(day(-3), "lead", "gold")]
    assert tier_arrow(history, D0, 30) == "down"
    assert recent_change(history, D0, 30) == ("gold", "lead", day(-3))
    rise = [TierChange(day(-20), "iron", None), TierChange(day(-3), "platinum", "iron")]
    assert tier_arrow(rise, D0, 30) == "up"
    assert tier_arrow([TierChange(day(-3), "platinum", None)], D0, 30) is None  # only the first record
    back = [TierChange(day(-20), "gold", None), TierChange(day(-9), "lead", "gold"), TierChange(day(-3), "gold", "lead")]
    assert tier_arrow(back, D0, 30) is None


def test_a_drop_right_after_the_first_record_is_a_tier_drop_alert():
    history = [TierChange(day(-20), "gold", None), TierChange(day(-3), "lead", "gold")]
    change = recent_change(history, D0, S.tier_drop_days)
    facts = AlertFacts(code="C", name="Harbor Steel", tier="lead", tier_drop=change)
    assert [a.reason for a in customer_alerts(facts, D0, S)] == [
        "Harbor Steel: tier dropped from gold to lead on 2025-06-27"]


# --- silent churn ---------------------------------------------------------------------------------

def test_silent_churn_is_k_times_the_usual_interval_with_three_rentals():
    # three rentals 30 days apart, the last 91 days ago: usual 30, 91 > 3 x 30
    rhythm = RentalRhythm(first=day(-151), last=day(-91), days=3)
    assert rhythm.usual_interval() == 30
    assert silent_churn(rhythm, D0, S) == (91, 30)
    assert silent_churn(RentalRhythm(day(-150), day(-90), 3), D0, S) is None  # exactly 3 x: not past it
    assert silent_churn(RentalRhythm(day(-150), day(-120), 2), D0, S) is None  # two rentals are not a rhythm
    assert silent_churn(RentalRhythm(day(-150), day(-90), 3), D0, resolve({"churn_factor": "2"})) == (90, 30)
    assert silent_churn(None, D0, S) is None


def test_silent_churn_is_an_alert_for_every_tier_with_its_reason():
    rhythm = RentalRhythm(first=day(-151), last=day(-91), days=3)
    for tier in TIERS:
        [a] = customer_alerts(AlertFacts(code="C", name="Harbor Steel", tier=tier, rhythm=rhythm), D0, S)
        assert a.kind == "silent-churn"
        assert a.reason == ("Harbor Steel: no rental for 91 days, over 3x its usual 30 days between rentals"
                            " (last began 2025-03-31)")


@given(st.integers(2, 60), st.integers(3, 8), st.integers(0, 400))
def test_silent_churn_holds_exactly_past_k_intervals(interval, rentals, gap):
    rhythm = RentalRhythm(day(-gap - interval * (rentals - 1)), day(-gap), rentals)
    assert (silent_churn(rhythm, D0, S) is not None) == (gap > 3 * interval)


def test_the_churn_settings_hold_together(tmp_path) -> None:
    from tracker.services import change_setting, load_settings, open_store

    conn = open_store(tmp_path / "s.db")
    with pytest.raises(ValueError, match="churn_min_rentals must be at most churn_lookback_rentals"):
        change_setting(conn, "churn_min_rentals", "7")
    with pytest.raises(ValueError, match="at least 3"):
        change_setting(conn, "churn_lookback_rentals", "2")
    with pytest.raises(ValueError, match="greater than 1"):
        change_setting(conn, "churn_factor", "1")
    change_setting(conn, "churn_lookback_rentals", "10")
    change_setting(conn, "churn_min_rentals", "7")
    assert (load_settings(conn).churn_min_rentals, load_settings(conn).churn_factor) == (7, 3.0)
