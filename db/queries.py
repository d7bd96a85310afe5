"""Read queries for lists and lookups (no business rules)."""

from __future__ import annotations

import re
import sqlite3
from typing import Any


def pinyin_match(letters: str = ":pinyin") -> str:
    """SQL: the customer's name key (see tracker.names), its spaces left out, holds the parameter *letters*."""
    return f"instr(replace(name_pinyin, ' ', ''), {letters}) > 0"


def pinyin_letters(text: str) -> str | None:
    """The letters to look for in the name keys when *text* may be typed pinyin (``Heng Yuan``), else None."""
    letters = "".join(text.split()).replace("'", "").lower()
    return letters if letters.isascii() and letters.isalpha() else None


#: A key of letters then digits: ``R0317``, ``K025``.
_LETTERS_DIGITS = re.compile(r"[A-Za-z]+[0-9]+")


def exists(conn: sqlite3.Connection, table: str, key_column: str, key: str) -> bool:
    """Whether *table* holds a row whose *key_column* is *key*."""
    return (
        conn.execute(f"SELECT 1 FROM {table} WHERE {key_column} = ? LIMIT 1", (key,)).fetchone()
        is not None
    )


def numbered_keys(conn: sqlite3.Connection, table: str, key_column: str, *, newest: int) -> list[str]:
    """The keys made of ASCII letters then digits (``R0317``) among the *newest* rows of *table*, newest first."""
    rows = conn.execute(f"SELECT {key_column} FROM {table} ORDER BY rowid DESC LIMIT ?", (newest,))
    return [key for (key,) in rows if _LETTERS_DIGITS.fullmatch(key)]


def highest_numbered_key(conn: sqlite3.Connection, table: str, key_column: str, prefix: str, width: int) -> str | None:
    """The highest key of *table* that is *prefix* then *width* digits, if any (read from the key's index)."""
    row = conn.execute(
        f"""SELECT {key_column} FROM {table}
            WHERE {key_column} BETWEEN :low AND :high AND length({key_column}) = :length
              AND substr({key_column}, :digits) NOT GLOB '*[^0-9]*'
            ORDER BY {key_column} DESC LIMIT 1""",
        {"low": prefix + "0" * width, "high": prefix + "9" * width, "length": len(prefix) + width,
         "digits": len(prefix) + 1},
    ).fetchone()
    return row[0] if row is not None else None


def customers_without_name_key(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(code, name) of the customers whose name key is blank (new, renamed, or written by another program)."""
    return [tuple(r) for r in conn.execute("SELECT code, name FROM customers WHERE name_pinyin = ''")]


def set_name_keys(conn: sqlite3.Connection, keys: list[tuple[str, str]]) -> None:
    """Store name keys, each ``(key, code)``."""
    conn.executemany("UPDATE customers SET name_pinyin = ? WHERE code = ?", keys)


def change_count(conn: sqlite3.Connection) -> int:
    """How many rows of the business tables have been written, ever (kept by triggers; see migration 5)."""
    return conn.execute("SELECT n FROM change_count").fetchone()[0]


def is_empty(conn: sqlite3.Connection) -> bool:
    """True when the database holds no customers, equipment or rentals."""
    return not any(
        conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
        for t in ("customers", "equipment", "rentals", "complaints", "interactions")
    )


def like_escaped(text: str) -> str:
    """*text* for a ``LIKE ... ESCAPE '\\'`` pattern: its own ``%``, ``_`` and ``\\`` match only themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contact_match(like: str, phone: str) -> str:
    """SQL: the codes of customers with a contact whose name or WeChat is LIKE *like*, or whose phone's
    digits are LIKE *phone* (a parameter that may be NULL)."""
    return (
        f"SELECT customer FROM contacts WHERE name LIKE {like} ESCAPE '\\' OR wechat LIKE {like} ESCAPE '\\'"
        f" OR ({phone} IS NOT NULL AND replace(replace(phone, ' ', ''), '-', '') LIKE {phone})"
    )


def tag_match(tag: str = ":tag") -> str:
    """SQL: the customer's tags hold the tag *tag* (a parameter), in any case."""
    return f"instr(lower(', ' || tags || ','), lower(', ' || {tag} || ',')) > 0"


def search_customers(
    conn: sqlite3.Connection, text: str, *, limit: int = 20, include_archived: bool = False
) -> list[dict[str, Any]]:
    """Customers whose name, code, phone or WeChat contains *text* (any script), whose name's
    pinyin holds it (``hengyuan`` finds 恒远建设集团), or with a contact whose name, WeChat or phone
    holds it, best first.

    Exact and prefix matches of the code or name (or its pinyin) come before
    matches inside; then names in pinyin order.
    """
    needle = text.strip()
    like = "%" + like_escaped(needle) + "%"
    prefix = like_escaped(needle) + "%"
    digits = "".join(ch for ch in needle if ch.isdigit())
    phone_like = f"%{digits}%" if len(digits) >= 3 else None
    pinyin = pinyin_letters(needle)
    archived = "" if include_archived else "AND archived_on IS NULL"
    rows = conn.execute(
        f"""SELECT code, name, segment, phone, city, archived_on FROM customers
            WHERE (name LIKE :like ESCAPE '\\' OR code LIKE :like ESCAPE '\\'
                   OR wechat LIKE :like ESCAPE '\\'
                   OR (:phone IS NOT NULL AND replace(replace(phone, ' ', ''), '-', '') LIKE :phone)
                   OR (:pinyin IS NOT NULL AND {pinyin_match()})
                   OR code IN ({contact_match(":like", ":phone")}))
              {archived}
            ORDER BY (code = :exact COLLATE NOCASE) DESC,
                     (code LIKE :prefix ESCAPE '\\' OR name LIKE :prefix ESCAPE '\\'
                      OR (:pinyin IS NOT NULL AND replace(name_pinyin, ' ', '') LIKE :pinyin || '%')) DESC,
                     name_pinyin, code
            LIMIT :limit""",
        {"like": like, "prefix": prefix, "exact": needle, "phone": phone_like, "pinyin": pinyin,
         "limit": limit},
    ).fetchall()
    return [dict(r) for r in rows]
