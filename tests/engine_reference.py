"""SPEC section 4 written out directly over raw rows, to check the engine's SQL aggregates against.

Deliberately naive: every rule is a loop over the records, nothing is shared
with ``tracker``, and the default settings are spelled out here.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta

COUNTING = ("booked", "on-rent", "returned")
WEIGHTS = {"call": 2, "message": 2, "gift": 3, "visit": 5, "event": 6, "project": 8, "honour": 8,
           "friction": -5}
CADENCE = {"platinum": 14, "gold": 30, "iron": 30, "lead": 90, "cool": 30, "cold": 14}


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass
class Expected:
    code: str
    tier: str
    rank: int
    current_value: int
    potential: int
    emotion: float
    band: str
    stage: str
    next_follow_up: date
    alert_kinds: list[str] = field(default_factory=list)


def load(conn: sqlite3.Connection) -> dict[str, list[dict]]:
    """Every business record as plain dicts."""
    out = {}
    for table in ("customers", "rentals", "complaints", "interactions", "return_visits"):
        cur = conn.execute(f"SELECT * FROM {table}")
        names = [c[0] for c in cur.description]
        out[table] = [dict(zip(names, row)) for row in cur.fetchall()]
    return out


def complaint_value(c: dict, t: date) -> float:
    o = _d(c["opened_on"])
    if o > t:
        return 0.0
    p = 4 * c["severity"]
    r = _d(c["resolved_on"])
    if r is None or r > t:
        return -(p + min(p, math.floor((t - o).days / 7)))
    took = (r - o).days
    credit = p * (0.75 if took <= 2 else 0.5 if took <= 7 else 0.25 if took <= 30 else 0)
    return (-(p + min(p, math.floor(took / 7))) + credit) * 0.5 ** ((t - r).days / 90)


def raw_score(code: str, data: dict[str, list[dict]], t: date) -> float:
    """50 + every contribution as of *t*, before the clamp."""
    total = 50.0
    for i in data["interactions"]:
        d = _d(i["date"])
        if i["customer"] == code and d <= t:
            total += WEIGHTS[i["kind"]] * 0.5 ** ((t - d).days / 90)
    for r in data["rentals"]:
        if r["customer"] == code and r["status"] == "returned":
            d = _d(r["returned_on"] or r["end_date"])
            if d <= t:
                total += 2 * 0.5 ** ((t - d).days / 90)
    scores = {"not-satisfied": 0, "ok": 40, "satisfied": 60, "very-satisfied": 100}
    mine = {r["ref"] for r in data["rentals"] if r["customer"] == code}
    for v in data["return_visits"]:
        d = _d(v["date"])
        if v["rental"] in mine and d <= t:
            total += 6 * (scores[v["rating"]] - 50) / 50 * 0.5 ** ((t - d).days / 90)
    for other in data["customers"]:
        if other["referred_by"] == code:
            starts = [_d(r["start_date"]) for r in data["rentals"]
                      if r["customer"] == other["code"] and r["status"] in COUNTING and _d(r["start_date"]) <= t]
            if starts:
                total += 6 * 0.5 ** ((t - min(starts)).days / 90)
    for c in data["complaints"]:
        if c["customer"] == code:
            total += complaint_value(c, t)
    return total


def score(code: str, data: dict[str, list[dict]], t: date) -> float:
    return min(100.0, max(0.0, raw_score(code, data, t)))


def band(s: float) -> str:
    return "close" if s >= 80 else "warm" if s >= 65 else "neutral" if s >= 45 else "cool" if s >= 30 else "cold"


def value(code: str, data: dict[str, list[dict]], lo: date, hi: date, revenue: bool = False) -> int:
    """Counting rentals started in (lo, hi] less compensation of complaints opened in it."""
    v = sum(r["amount"] - (0 if revenue else r["cost"]) for r in data["rentals"]
            if r["customer"] == code and r["status"] in COUNTING and lo < _d(r["start_date"]) <= hi)
    return v - sum(c["compensation"] for c in data["complaints"]
                   if c["customer"] == code and lo < _d(c["opened_on"]) <= hi)


def board(conn: sqlite3.Connection, t: date, *, revenue: bool = False) -> tuple[list[Expected], dict]:
    """The expected board rows (board order) and figures as of *t*."""
    data = load(conn)
    def known(code: str) -> bool:  # created by then, or with a record dated by then
        return (
            any(r["customer"] == code and _d(r["start_date"]) <= t for r in data["rentals"])
            or any(i["customer"] == code and _d(i["date"]) <= t for i in data["interactions"])
            or any(c["customer"] == code and _d(c["opened_on"]) <= t for c in data["complaints"])
        )

    active = [c for c in data["customers"] if (not c["archived_on"] or _d(c["archived_on"]) > t)
              and (_d(c["created_on"]) <= t or known(c["code"]))]
    values = {c["code"]: value(c["code"], data, t - timedelta(days=365), t, revenue) for c in active}
    ordered = sorted(active, key=lambda c: (-values[c["code"]], c["code"]))
    n = len(ordered)
    k = math.ceil(0.2 * n - 1e-9)
    rows = []
    for i, c in enumerate(ordered):
        code = c["code"]
        pot = c["potential"] if c["potential"] is not None else {"large": 4, "prospect": 3}.get(c["segment"], 2)
        high_value = i < k and values[code] > 0
        tier = ("platinum" if pot >= 3 else "gold") if high_value else ("iron" if pot >= 3 else "lead")
        s = score(code, data, t)
        starts = sorted(_d(r["start_date"]) for r in data["rentals"]
                        if r["customer"] == code and r["status"] in COUNTING and _d(r["start_date"]) <= t)
        inters = [i for i in data["interactions"] if i["customer"] == code and _d(i["date"]) <= t]
        referred_renting = any(
            any(r["customer"] == o["code"] and r["status"] in COUNTING and _d(r["start_date"]) <= t
                for r in data["rentals"])
            for o in data["customers"] if o["referred_by"] == code
        )
        long_term = (len(starts) >= 3 and (starts[-1] - starts[0]).days >= 180
                     and starts[-1] > t - timedelta(days=365))
        if c["partner"]:
            stage = "partner"
        elif referred_renting:
            stage = "strategic"
        elif long_term and s >= 75:
            stage = "supporter"
        elif long_term:
            stage = "long-term"
        elif len(starts) >= 2:
            stage = "repeat"
        elif len(starts) == 1:
            stage = "first-time"
        elif inters:
            stage = "prospect"
        else:
            stage = "profiled"
        contacts = [_d(i["date"]) for i in inters if i["kind"] != "friction"]
        cadence = min(CADENCE[tier], CADENCE.get(band(s), CADENCE[tier]))
        follow = (max(contacts) if contacts else _d(c["created_on"])) + timedelta(days=cadence)
        kinds = []
        days = sorted(set(starts))[-6:]
        if len(days) >= 3 and (t - days[-1]).days > 3 * (days[-1] - days[0]).days / (len(days) - 1):
            kinds.append("silent-churn")
        if tier in ("platinum", "gold"):
            recent = value(code, data, t - timedelta(days=90), t, revenue)
            base = value(code, data, t - timedelta(days=360), t - timedelta(days=90), revenue)
            if base / 3 > 0 and recent < base / 6:
                kinds.append("spend-drop")
        for comp in data["complaints"]:
            o, r = _d(comp["opened_on"]), _d(comp["resolved_on"])
            if comp["customer"] == code and o <= t and (r is None or r > t):
                age = (t - o).days
                if age > 7 or (comp["severity"] >= 4 and age > 2):
                    kinds.append("complaint")
        if score(code, data, t - timedelta(days=30)) - s >= 15:
            kinds.append("emotion-drop")
        if tier in ("platinum", "gold") and follow < t:
            kinds.append("follow-up")
        if any(r["customer"] == code and r["status"] in COUNTING and r["paid"] < r["amount"]
               and (t - _d(r["end_date"])).days > 30 for r in data["rentals"]):
            kinds.append("unpaid")
        for r in data["rentals"]:
            if (r["customer"] == code and r["status"] == "on-rent" and _d(r["end_date"]) < t
                    and _d(r["start_date"]) <= t):
                kinds.append("overdue-return")
        rows.append(Expected(code, tier, i + 1, values[code], pot, s, band(s), stage, follow, kinds))
    order = {"platinum": 0, "gold": 1, "iron": 2, "lead": 3}
    rows.sort(key=lambda r: (order[r.tier], -r.current_value, r.code))
    counts = {}
    for c in active:
        counts[c["code"]] = sum(1 for r in data["rentals"] if r["customer"] == c["code"]
                                and r["status"] in COUNTING and _d(r["start_date"]) <= t)
    one = sum(1 for v in counts.values() if v >= 1)
    figures = {
        "active_customers": n,
        "profit": sum(values.values()),
        "top_profit": sum(values[c["code"]] for c in ordered[:k]),
        "value_at_risk": sum(r.current_value for r in rows
                             if r.tier in ("platinum", "gold") and r.band in ("cool", "cold")),
        "repeat_rate": (sum(1 for v in counts.values() if v >= 2) / one) if one else None,
        "open_complaints": sum(
            1 for comp in data["complaints"]
            if comp["customer"] in values and _d(comp["opened_on"]) <= t
            and (comp["resolved_on"] is None or _d(comp["resolved_on"]) > t)
        ),
        "average_emotion": sum(r.emotion for r in rows) / n if n else None,
    }
    return rows, figures
