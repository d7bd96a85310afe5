"""The domain speaks Chinese: validation errors, alerts, tier reasons and the emotion breakdown, made in the
language spoken when they are made; English stays as it was. The stored board is kept per language."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

import pytest

from tracker.i18n import use_language
from tracker.records import RENTALS, ValidationError, validate
from tracker.rules.alerts import AlertFacts, HeldDeposit, OverdueReturn, customer_alerts, held_on
from tracker.rules.emotion import ComplaintFact, EmotionEvent, breakdown, event_label
from tracker.rules.tiers import Cut, cut_reason
from tracker.settings import SPECS, Settings

CHINESE = re.compile(r"[\u4e00-\u9fff]")
D0 = date(2026, 6, 30)


def _rental_error() -> str:
    with pytest.raises(ValidationError) as caught:
        validate(RENTALS, {"ref": "R1", "customer": "C1", "start_date": "2026-06-10", "end_date": "2026-06-01",
                           "amount": "100"})
    (error,) = caught.value.errors
    return error.message


def _alerts() -> list[str]:
    facts = AlertFacts(code="C1", name="Harbor Steel", tier="gold", unpaid_count=2, unpaid_owed=123_456,
                       overdue_returns=(OverdueReturn("R7", date(2026, 6, 20)),),
                       deposits_held=(HeldDeposit("D3", "R 9", date(2026, 6, 1), 50_000),))
    return [a.reason for a in customer_alerts(facts, D0, Settings())]


def _tier_reason() -> str:
    return cut_reason(9, 2_122_723, Cut(39, 8, 3_366_372), 0.2)


def _emotion_lines() -> list[str]:
    events = [EmotionEvent("call", date(2026, 6, 1), event_label("call", note="asked for a quote")),
              EmotionEvent("returned", date(2026, 6, 2), event_label("returned", "R4"))]
    complaints = [ComplaintFact("K1", date(2026, 6, 3), 3, "overcharge")]
    return [line.what for line in breakdown(events, complaints, D0, Settings()).lines]


def test_in_english_the_words_are_as_they_were() -> None:
    assert _rental_error() == "2026-06-01 is before the start (2026-06-10)"
    assert _alerts() == [
        "Harbor Steel: 2 rentals unpaid more than 30 days after the end, 1,234.56 owed",
        "Harbor Steel: R7 still on rent, due back 2026-06-20 (10 days late)",
        "Harbor Steel: deposit D3 (500.00) still held 29 days after R 9 came back",
    ]
    assert _tier_reason() == ("not in the top 8 of 39 by value (20% of the count): rank 9, 12,436.49 short of the cut"
                              " (33,663.72 at rank 8)")
    assert _emotion_lines() == ["call: asked for a quote", "rental R4 returned",
                                "complaint K1 (overcharge, severity 3, open)"]
    assert SPECS["benefit_deposit_gold"].help == "gold: deposit asked, % of the usual (0 waived, 100 full)"
    assert SPECS["benefit_deposit_gold"].help_text() == SPECS["benefit_deposit_gold"].help


def test_in_chinese_errors_alerts_tier_reasons_and_emotion_lines_are_chinese() -> None:
    use_language("zh")
    error = _rental_error()
    assert CHINESE.search(error) and "2026-06-01" in error and "2026-06-10" in error
    alerts = _alerts()
    assert len(alerts) == 3
    for reason in alerts:
        assert reason.startswith("Harbor Steel: ") and CHINESE.search(reason.removeprefix("Harbor Steel: "))
    assert "1,234.56" in alerts[0] and "R7" in alerts[1]
    reason = _tier_reason()
    assert CHINESE.search(reason) and "12,436.49" in reason and "33,663.72" in reason
    lines = _emotion_lines()
    assert CHINESE.search(lines[1]) and CHINESE.search(lines[2]), lines  # the kind's own word is the glossary's
    assert "K1" in lines[2] and "R4" in lines[1] and lines[0].endswith("：asked for a quote")
    assert CHINESE.search(SPECS["benefit_deposit_gold"].help_text())
    assert "黄金" in SPECS["benefit_deposit_gold"].help_text()


def test_a_deposit_held_alert_names_its_rental_in_any_language() -> None:
    use_language("zh")
    facts = AlertFacts(code="C1", name="Acme", tier="iron",
                       deposits_held=(HeldDeposit("D7", "R 12", date(2026, 6, 1), 50_000),))
    (alert,) = customer_alerts(facts, D0, Settings())
    assert held_on(alert) == "R 12"


def test_the_stored_board_is_kept_per_language(conn: sqlite3.Connection) -> None:
    from tracker.board import current_board
    from tracker.services import add

    add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "created_on": "2026-01-01"})
    add(conn, "rentals", {"ref": "R1", "customer": "C1", "start_date": "2026-05-01", "end_date": "2026-05-10",
                          "amount": "1000", "status": "on-rent"}, )
    english = current_board(conn, D0)
    assert english.language == "en" and any("still on rent" in a.reason for a in english.alerts)
    assert current_board(conn, D0).from_cache  # stored for the next English reader
    use_language("zh")
    chinese = current_board(conn, D0)
    assert chinese.language == "zh" and not chinese.from_cache
    assert all(CHINESE.search(a.reason) for a in chinese.alerts) and chinese.alerts
    assert CHINESE.search(chinese.row("C1").stage_rule)
    use_language("en")
    again = current_board(conn, D0)
    assert [a.reason for a in again.alerts] == [a.reason for a in english.alerts]
