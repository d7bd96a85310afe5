"""Paged read queries behind the app's lists (keyset pagination, never whole tables).

Each ``*_page`` function returns at most *limit* rows as dicts, starting after
the keyset token *after* (the ``_key`` of the last row of the previous page;
``None`` for the first page). No business rules: just what is stored.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

from db.queries import contact_match, like_escaped, pinyin_letters, pinyin_match, tag_match
from db.schema import COMPLAINT_CATEGORIES, COUNTING_SQL, busy_until, out_on


def _like(text: str) -> str:
    return f"%{like_escaped(text)}%"


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cur.fetchall()]


# --- customers ------------------------------------------------------------------

#: Sort name -> (columns of the keyset, descending?)
CUSTOMER_SORTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "name": (("name_pinyin", "code"), False),  # names in pinyin order (Latin ones in lower case among them)
    "code": (("code",), False),
    "newest": (("created_on", "code"), True),
    "city": (("city", "name_pinyin", "code"), False),
}


def _customer_filter(text: str, include_archived: bool, tag: str | None = None) -> tuple[list[str], list[Any]]:
    """WHERE terms and parameters: name, code, WeChat or city contains *text*, the phone its digits, the
    name's pinyin its letters, or a contact's name, WeChat or phone holds it; and tagged *tag* when given."""
    where: list[str] = []
    params: list[Any] = []
    needle = text.strip()
    if needle:
        digits = "".join(ch for ch in needle if ch.isdigit())
        cond = ("name LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\' OR wechat LIKE ? ESCAPE '\\'"
                " OR city LIKE ? ESCAPE '\\'")
        params += [_like(needle)] * 4
        phone = f"%{digits}%" if len(digits) >= 3 else None
        if phone is not None:
            cond += " OR replace(replace(phone, ' ', ''), '-', '') LIKE ?"
            params.append(phone)
        cond += f" OR code IN ({contact_match('?', '?')})"
        params += [_like(needle), _like(needle), phone, phone]
        pinyin = pinyin_letters(needle)
        if pinyin is not None:
            cond += f" OR {pinyin_match('?')}"
            params.append(pinyin)
        where.append(f"({cond})")
    if tag:
        where.append(tag_match("?"))
        params.append(tag.strip())
    if not include_archived:
        where.append("archived_on IS NULL")
    return where, params


_CUSTOMER_COLUMNS = "code, name, name_pinyin, segment, phone, city, industry, potential, created_on, archived_on"


def customers_page(
    conn: sqlite3.Connection,
    text: str = "",
    *,
    sort: str = "name",
    after: tuple[Any, ...] | None = None,
    limit: int = 200,
    include_archived: bool = False,
    tag: str | None = None,
) -> list[dict[str, Any]]:
    """Customers whose name, code, phone, WeChat, city, name's pinyin or a contact contains *text* (tagged *tag*
    when given), one page in *sort* order."""
    columns, desc = CUSTOMER_SORTS[sort]
    where, params = _customer_filter(text, include_archived, tag)
    if after is not None:
        op = "<" if desc else ">"
        where.append(f"({', '.join(columns)}) {op} ({', '.join('?' for _ in columns)})")
        params += list(after)
    order = ", ".join(f"{c} {'DESC' if desc else 'ASC'}" for c in columns)
    sql = (
        f"SELECT {_CUSTOMER_COLUMNS} "
        f"FROM customers {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order} LIMIT ?"
    )
    rows = _rows(conn.execute(sql, [*params, limit]))
    for r in rows:
        r["_key"] = tuple(r[c] for c in columns)
    return rows


def customer_codes_matching(conn: sqlite3.Connection, text: str, *, tag: str | None = None) -> set[str]:
    """Codes of the active customers whose name, code, phone, WeChat, city or a contact contains *text*
    (tagged *tag* when given)."""
    where, params = _customer_filter(text, include_archived=False, tag=tag)
    return {code for (code,) in conn.execute(f"SELECT code FROM customers WHERE {' AND '.join(where)}", params)}


def customers_by_code(conn: sqlite3.Connection, codes: list[str]) -> dict[str, dict[str, Any]]:
    """The list columns of the customers *codes*, by code."""
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    cur = conn.execute(f"SELECT {_CUSTOMER_COLUMNS} FROM customers WHERE code IN ({marks})", codes)
    return {r["code"]: r for r in _rows(cur)}


def next_customer_code(conn: sqlite3.Connection) -> str:
    """A free customer code following the newest numbered one (C0042 -> C0043)."""
    row = conn.execute(
        "SELECT code FROM customers WHERE code GLOB '*[0-9]' ORDER BY length(code) DESC, code DESC LIMIT 1"
    ).fetchone()
    prefix, width, n = "C", 4, 0
    if row is not None:
        code = row[0]
        i = len(code)
        while i > 0 and code[i - 1].isdigit():
            i -= 1
        prefix, width, n = code[:i], len(code) - i, int(code[i:])
    while True:
        n += 1
        candidate = f"{prefix}{n:0{width}d}"
        if conn.execute("SELECT 1 FROM customers WHERE code = ?", (candidate,)).fetchone() is None:
            return candidate


def customer_profile(conn: sqlite3.Connection, code: str) -> dict[str, Any] | None:
    """The stored customer row, and the name of who referred it."""
    row = conn.execute(
        """SELECT c.*, r.name AS referred_by_name FROM customers c
           LEFT JOIN customers r ON r.code = c.referred_by WHERE c.code = ?""",
        (code,),
    ).fetchone()
    return dict(row) if row else None


def customer_timeline(
    conn: sqlite3.Connection, code: str, *, limit: int = 200
) -> list[dict[str, Any]]:
    """Rentals, complaints and interactions of one customer, newest first.

    Each row: ``day``, ``kind``, ``ref``, ``amount``, ``paid``, ``status`` and
    what the line says, as fields (the screen words them): a rental's ``unit``
    and ``until`` (its end), a complaint's ``cause``, ``severity`` and
    ``resolved`` (its day), and ``text`` (a rental's site, a complaint's
    description, an interaction's note).
    """
    return _rows(
        conn.execute(
            """SELECT * FROM (
                 SELECT * FROM (
                   SELECT start_date AS day, 'rental' AS kind, ref, equipment AS unit, end_date AS until,
                          NULL AS cause, NULL AS severity, NULL AS resolved, site AS text,
                          amount, paid, status FROM rentals WHERE customer = :c
                   ORDER BY start_date DESC, ref DESC LIMIT :limit)
                 UNION ALL
                 SELECT * FROM (
                   SELECT opened_on, 'complaint', ref, NULL, NULL, category, severity, resolved_on, description,
                          compensation, NULL, status FROM complaints WHERE customer = :c
                   ORDER BY opened_on DESC, ref DESC LIMIT :limit)
                 UNION ALL
                 SELECT * FROM (
                   SELECT date, kind, ref, NULL, NULL, NULL, NULL, NULL, note, NULL, NULL, NULL
                   FROM interactions WHERE customer = :c
                   ORDER BY date DESC, ref DESC LIMIT :limit)
               ) ORDER BY day DESC, ref DESC LIMIT :limit""",
            {"c": code, "limit": limit},
        )
    )


def open_rentals_of(conn: sqlite3.Connection, code: str) -> list[dict[str, Any]]:
    """A customer's rentals not yet returned (booked or on rent), soonest end first."""
    return _rows(
        conn.execute(
            """SELECT ref, equipment, start_date, end_date, status FROM rentals
               WHERE customer = ? AND status IN ('booked', 'on-rent') ORDER BY end_date, ref LIMIT 50""",
            (code,),
        )
    )


def open_complaints_of(conn: sqlite3.Connection, code: str) -> list[dict[str, Any]]:
    """A customer's open complaints, oldest first."""
    return _rows(
        conn.execute(
            """SELECT ref, category, severity, opened_on, description FROM complaints
               WHERE customer = ? AND status = 'open' ORDER BY opened_on, ref LIMIT 50""",
            (code,),
        )
    )


# --- rentals --------------------------------------------------------------------

RENTAL_VIEWS = ("on-rent", "due", "overdue", "unpaid", "all")


def _rental_filter(text: str, alias: str = "r") -> tuple[str, dict[str, Any]]:
    """SQL (named parameters) for the rentals matching *text*: its ref, unit or site contains it, or
    its customer's code, name or name's pinyin does; ``1`` when *text* is blank."""
    needle = text.strip()
    if not needle:
        return "1", {}
    a = f"{alias}." if alias else ""
    customers = "code LIKE :match ESCAPE '\\' OR name LIKE :match ESCAPE '\\'"
    pinyin = pinyin_letters(needle)
    if pinyin is not None:
        customers += f" OR {pinyin_match(':pinyin')}"
    sql = (f"({a}ref LIKE :match ESCAPE '\\' OR {a}equipment LIKE :match ESCAPE '\\'"
           f" OR {a}site LIKE :match ESCAPE '\\' OR {a}customer IN (SELECT code FROM customers WHERE {customers}))")
    return sql, {"match": _like(needle), "pinyin": pinyin}


def rentals_page(
    conn: sqlite3.Connection,
    view: str,
    as_of: date,
    *,
    text: str = "",
    after: tuple[Any, ...] | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """One page of rentals in *view*: on-rent, due (back within 7 days), overdue, unpaid, all.

    With *text*, only the rentals whose ref, unit or site contains it, or whose
    customer's code, name or name's pinyin does (:func:`_rental_filter`).
    """
    matching, params = _rental_filter(text)
    params |= {"today": as_of.isoformat(), "week": (as_of + timedelta(days=7)).isoformat(), "limit": limit}
    if view == "on-rent":
        where, keys, desc = out_on(":today", "r"), ("r.end_date", "r.ref"), False
    elif view == "due":
        where, keys, desc = (
            "r.status IN ('booked', 'on-rent') AND r.end_date >= :today AND r.end_date <= :week",
            ("r.end_date", "r.ref"), False,
        )
    elif view == "overdue":
        where, keys, desc = "r.status = 'on-rent' AND r.end_date < :today", ("r.end_date", "r.ref"), False
    elif view == "unpaid":
        # "+start_date" keeps SQLite on the partial index of unpaid rentals (thousands of rows)
        # rather than walking every rental started before today.
        where, keys, desc = (
            f"r.status IN {COUNTING_SQL} AND r.paid < r.amount AND +r.start_date <= :today",
            ("r.end_date", "r.id"), False,
        )
    elif view == "all":
        where, keys, desc = "1", ("r.start_date", "r.ref"), True
    else:
        raise ValueError(f"unknown rental view {view!r}")
    if after is not None:
        op = "<" if desc else ">"
        where += f" AND ({', '.join(keys)}) {op} ({', '.join(f':after{i}' for i in range(len(keys)))})"
        params |= {f"after{i}": value for i, value in enumerate(after)}
    where += f" AND {matching}"
    order = ", ".join(f"{k} {'DESC' if desc else 'ASC'}" for k in keys)
    # The page is chosen on the rentals alone (an index walk), then joined for the names.
    rows = _rows(
        conn.execute(
            f"""SELECT r.id, r.ref, r.customer, c.name AS customer_name, r.equipment,
                       e.name AS equipment_name, r.start_date, r.end_date, r.returned_on,
                       r.status, r.amount, r.paid, r.site
                FROM (SELECT r.id FROM rentals r WHERE {where} ORDER BY {order} LIMIT :limit) AS page
                JOIN rentals r ON r.id = page.id
                JOIN customers c ON c.code = r.customer
                LEFT JOIN equipment e ON e.code = r.equipment
                ORDER BY {order}""",
            params,
        )
    )
    for r in rows:
        r["_key"] = tuple(r[k.split(".")[1]] for k in keys)
    return rows


def rental_counts(conn: sqlite3.Connection, as_of: date, *, text: str = "") -> dict[str, int]:
    """How many rentals each view holds (on rent: out on *as_of*, as the board counts them), of those
    matching *text* when it is given (as :func:`rentals_page` reads it)."""
    matching, params = _rental_filter(text, alias="")
    params |= {"t": as_of.isoformat(), "w": (as_of + timedelta(days=7)).isoformat()}
    row = conn.execute(
        f"""SELECT
              (SELECT count(*) FROM rentals WHERE {out_on(':t')} AND {matching}),
              (SELECT count(*) FROM rentals WHERE status IN ('booked', 'on-rent')
                 AND end_date >= :t AND end_date <= :w AND {matching}),
              (SELECT count(*) FROM rentals WHERE status = 'on-rent' AND end_date < :t AND {matching}),
              (SELECT count(*) FROM rentals WHERE status IN {COUNTING_SQL} AND paid < amount
                 AND start_date <= :t AND {matching})""",
        params,
    ).fetchone()
    return dict(zip(("on-rent", "due", "overdue", "unpaid"), row))


# --- complaints -----------------------------------------------------------------


def complaints_page(
    conn: sqlite3.Connection,
    view: str = "open",
    *,
    after: tuple[Any, ...] | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Open complaints oldest first (then most severe), or all complaints newest first."""
    params: list[Any] = []
    if view == "open":
        where = "k.status = 'open'"
        if after is not None:
            where += (
                " AND (k.opened_on > ? OR (k.opened_on = ? AND (k.severity < ?"
                " OR (k.severity = ? AND k.ref > ?))))"
            )
            o, s, ref = after
            params += [o, o, s, s, ref]
        order = "k.opened_on ASC, k.severity DESC, k.ref ASC"
    elif view == "all":
        where = "1"
        if after is not None:
            where += " AND (k.opened_on, k.ref) < (?, ?)"
            params += [after[0], after[2]]
        order = "k.opened_on DESC, k.ref DESC"
    else:
        raise ValueError(f"unknown complaint view {view!r}")
    rows = _rows(
        conn.execute(
            f"""SELECT k.ref, k.customer, c.name AS customer_name, k.rental, k.opened_on,
                       k.category, k.severity, k.description, k.status, k.resolved_on,
                       k.resolution, k.compensation
                FROM complaints k JOIN customers c ON c.code = k.customer
                WHERE {where} ORDER BY {order} LIMIT ?""",
            [*params, limit],
        )
    )
    for r in rows:
        r["_key"] = (r["opened_on"], r["severity"], r["ref"])
    return rows


def complaint_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Per category of the ten: (open, total)."""
    counts = {c: (0, 0) for c in COMPLAINT_CATEGORIES}
    for cat, open_, total in conn.execute(
        "SELECT category, sum(status = 'open'), count(*) FROM complaints GROUP BY category"
    ):
        counts[cat] = (open_ or 0, total)
    return counts


# --- equipment ------------------------------------------------------------------


def equipment_page(
    conn: sqlite3.Connection,
    as_of: date,
    *,
    text: str = "",
    after: tuple[Any, ...] | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Equipment in code order with what it is doing on *as_of* and its next booking.

    ``current`` is ``ref|end_date|status|customer name`` of the rental holding the
    unit today, ``next_booking`` ``ref|start_date|customer name`` of the next one,
    ``next_inspection`` the next due date its latest inspection by *as_of* gave (as
    the inspection alerts read it).
    A rental on rent holds its unit until it is returned, whatever its end date
    (:func:`db.schema.out_on`), before any booking: when older data has a unit
    on two, the one out longest is shown.
    """
    today = as_of.isoformat()
    params: list[Any] = [today, today, today]
    where = "1"
    if text.strip():
        where += " AND (e.code LIKE ? ESCAPE '\\' OR e.name LIKE ? ESCAPE '\\' OR e.category LIKE ? ESCAPE '\\')"
        params += [_like(text.strip())] * 3
    if after is not None:
        where += " AND e.code > ?"
        params.append(after[0])
    rows = _rows(
        conn.execute(
            f"""SELECT e.code, e.name, e.category, e.height_m, e.daily_rate, e.daily_cost, e.status,
                  (SELECT r.ref || '|' || r.end_date || '|' || r.status || '|' || c.name
                     FROM rentals r JOIN customers c ON c.code = r.customer WHERE r.equipment = e.code
                      AND r.status IN ('booked', 'on-rent') AND r.start_date <= ?
                      AND (r.end_date >= ? OR r.status = 'on-rent')
                     ORDER BY r.status = 'on-rent' DESC, r.start_date, r.ref LIMIT 1) AS current,
                  (SELECT r.ref || '|' || r.start_date || '|' || c.name
                     FROM rentals r JOIN customers c ON c.code = r.customer WHERE r.equipment = e.code AND r.status = 'booked'
                      AND r.start_date > ? ORDER BY r.start_date LIMIT 1) AS next_booking,
                  (SELECT u.next_due FROM upkeep u WHERE u.unit = e.code AND u.kind = 'inspection' AND u.date <= ?
                     ORDER BY u.date DESC, u.ref DESC LIMIT 1) AS next_inspection
                FROM equipment e WHERE {where} ORDER BY e.code LIMIT ?""",
            [*params[:3], today, *params[3:], limit],
        )
    )
    for r in rows:
        r["_key"] = (r["code"],)
    return rows


def equipment_search(
    conn: sqlite3.Connection,
    text: str,
    start: str | None,
    end: str | None,
    *,
    limit: int = 20,
    today: date | None = None,
    exclude: str | None = None,
) -> list[dict[str, Any]]:
    """Units matching *text* (code, name, category), each with the rental that blocks [start, end].

    A rental on rent past its end date blocks its unit to at least *today*
    (default the real today): it has not come back. The blocking rental's
    ``not_returned`` says so. The rental *exclude* (the one being edited) blocks nothing.
    """
    day = (today or date.today()).isoformat()
    rows = _rows(
        conn.execute(
            """SELECT code, name, category, height_m, daily_rate, daily_cost, status FROM equipment
               WHERE status <> 'retired' AND (code LIKE :l ESCAPE '\\' OR name LIKE :l ESCAPE '\\'
                     OR category LIKE :l ESCAPE '\\')
               ORDER BY (code = :t COLLATE NOCASE) DESC, code LIMIT :n""",
            {"l": _like(text.strip()), "t": text.strip(), "n": limit},
        )
    )
    for r in rows:
        r["conflict"] = None
        if start and end:
            other = conn.execute(
                f"""SELECT r.ref, r.customer, c.name AS customer_name, r.start_date, r.end_date,
                           r.status = 'on-rent' AND r.end_date < :start AS not_returned
                    FROM rentals r JOIN customers c ON c.code = r.customer
                    WHERE r.equipment = :unit AND r.start_date <= :end AND {busy_until('r')} >= :start
                      AND r.status IN {COUNTING_SQL} AND r.ref IS NOT :exclude ORDER BY r.start_date LIMIT 1""",
                {"unit": r["code"], "start": start, "end": end, "today": day, "exclude": exclude},
            ).fetchone()
            r["conflict"] = dict(other, not_returned=bool(other["not_returned"])) if other else None
    return rows


# --- pickers for the forms that act on one open record -----------------------------


def open_complaints_search(conn: sqlite3.Connection, text: str, *, limit: int = 12) -> list[dict[str, Any]]:
    """Open complaints whose ref, customer code or customer name contains *text*, oldest first."""
    like = _like(text.strip())
    return _rows(
        conn.execute(
            """SELECT k.ref, k.customer, c.name AS customer_name, k.opened_on, k.category,
                      k.severity, k.description
               FROM complaints k JOIN customers c ON c.code = k.customer
               WHERE k.status = 'open' AND (k.ref LIKE :l ESCAPE '\\' OR k.customer LIKE :l ESCAPE '\\'
                     OR c.name LIKE :l ESCAPE '\\')
               ORDER BY (k.ref = :t COLLATE NOCASE) DESC, k.opened_on, k.ref LIMIT :n""",
            {"l": like, "t": text.strip(), "n": limit},
        )
    )


def open_rentals_search(conn: sqlite3.Connection, text: str, *, limit: int = 12) -> list[dict[str, Any]]:
    """Booked or on-rent rentals whose ref, unit, customer code or name contains *text*, soonest end first."""
    like = _like(text.strip())
    return _rows(
        conn.execute(
            """SELECT r.ref, r.customer, c.name AS customer_name, r.equipment, r.start_date,
                      r.end_date, r.status
               FROM rentals r JOIN customers c ON c.code = r.customer
               WHERE r.status IN ('booked', 'on-rent') AND (r.ref LIKE :l ESCAPE '\\'
                     OR r.equipment LIKE :l ESCAPE '\\' OR r.customer LIKE :l ESCAPE '\\'
                     OR c.name LIKE :l ESCAPE '\\')
               ORDER BY (r.ref = :t COLLATE NOCASE) DESC, r.end_date, r.ref LIMIT :n""",
            {"l": like, "t": text.strip(), "n": limit},
        )
    )


# --- one rental, its payments and deposits ----------------------------------------------


def rental_detail(conn: sqlite3.Connection, ref: str) -> dict[str, Any] | None:
    """The stored rental with its customer's and unit's names, and its ``payments`` and ``deposits``."""
    row = conn.execute(
        """SELECT r.*, c.name AS customer_name, e.name AS equipment_name FROM rentals r
           JOIN customers c ON c.code = r.customer LEFT JOIN equipment e ON e.code = r.equipment
           WHERE r.ref = ?""",
        (ref,),
    ).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["payments"] = _rows(conn.execute(
        "SELECT ref, date, amount, method, note FROM payments WHERE rental = ? ORDER BY date, ref", (ref,)
    ))
    out["deposits"] = _rows(conn.execute(
        "SELECT ref, taken_on, amount, returned_on, kept, reason, note FROM deposits WHERE rental = ?"
        " ORDER BY taken_on, ref", (ref,)
    ))
    return out


def owing_rentals_search(
    conn: sqlite3.Connection, text: str, *, customer: str | None = None, limit: int = 12
) -> list[dict[str, Any]]:
    """Rentals (booked, on rent or returned) with a balance, whose ref, unit or customer contains *text*
    (only *customer*'s when given), oldest end first; each with its ``owed``."""
    where = "" if customer is None else " AND r.customer = :customer"
    return _rows(
        conn.execute(
            f"""SELECT r.ref, r.customer, c.name AS customer_name, r.equipment, r.start_date, r.end_date,
                       r.status, r.amount, r.paid, r.amount - r.paid AS owed
                FROM rentals r JOIN customers c ON c.code = r.customer
                WHERE r.status IN {COUNTING_SQL} AND r.paid < r.amount{where}
                  AND (r.ref LIKE :l ESCAPE '\\' OR r.equipment LIKE :l ESCAPE '\\'
                       OR r.customer LIKE :l ESCAPE '\\' OR c.name LIKE :l ESCAPE '\\')
                ORDER BY (r.ref = :t COLLATE NOCASE) DESC, r.end_date, r.ref LIMIT :n""",
            {"l": _like(text.strip()), "t": text.strip(), "n": limit, "customer": customer},
        )
    )


_HELD = """SELECT d.ref, d.rental, d.taken_on, d.amount, d.note, r.customer, c.name AS customer_name,
                  r.equipment, r.status, r.returned_on AS rental_returned_on, r.end_date
           FROM deposits d JOIN rentals r ON r.ref = d.rental JOIN customers c ON c.code = r.customer
           WHERE d.returned_on IS NULL"""


def held_deposits_search(
    conn: sqlite3.Connection, text: str, *, rental: str | None = None, limit: int = 12
) -> list[dict[str, Any]]:
    """Deposits still held whose ref, rental or customer contains *text* (only *rental*'s when given)."""
    where = "" if rental is None else " AND d.rental = :rental"
    return _rows(
        conn.execute(
            f"""{_HELD}{where} AND (d.ref LIKE :l ESCAPE '\\' OR d.rental LIKE :l ESCAPE '\\'
                     OR r.customer LIKE :l ESCAPE '\\' OR c.name LIKE :l ESCAPE '\\')
                ORDER BY (d.ref = :t COLLATE NOCASE) DESC, d.taken_on, d.ref LIMIT :n""",
            {"l": _like(text.strip()), "t": text.strip(), "n": limit, "rental": rental},
        )
    )


def held_deposits_page(
    conn: sqlite3.Connection, *, after: tuple[Any, ...] | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Deposits still held (not returned), oldest taken first."""
    params: dict[str, Any] = {"n": limit}
    where = ""
    if after is not None:
        where = " AND (d.taken_on, d.ref) > (:a0, :a1)"
        params |= {"a0": after[0], "a1": after[1]}
    rows = _rows(conn.execute(f"{_HELD}{where} ORDER BY d.taken_on, d.ref LIMIT :n", params))
    for r in rows:
        r["_key"] = (r["taken_on"], r["ref"])
    return rows


def held_deposit_rental(conn: sqlite3.Connection, customer: str) -> str | None:
    """The rental of *customer*'s oldest deposit still held on a rental returned (what its alert is about)."""
    row = conn.execute(
        "SELECT d.rental FROM deposits d JOIN rentals r ON r.ref = d.rental WHERE d.returned_on IS NULL"
        " AND r.customer = ? AND r.status = 'returned' ORDER BY coalesce(r.returned_on, r.end_date), d.ref LIMIT 1",
        (customer,),
    ).fetchone()
    return row[0] if row else None
