"""Counts as words: "1 row", "1,204 rows", "1 equipment unit"."""

from __future__ import annotations

#: Plurals that are not the singular plus "s".
_IRREGULAR = {"equipment unit": "equipment units", "setting": "settings", "tier change": "tier changes"}
#: What one row of each file that import and export name is called (entities and what is kept beside them).
_TABLE_SINGULAR = {"tier_history": "tier change", "settings": "setting"}


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """*n* with its noun in the right number, thousands separated: ``counted(1, "row")`` is ``"1 row"``."""
    if n == 1:
        return f"1 {singular}"
    return f"{n:,} {plural or _IRREGULAR.get(singular) or singular + 's'}"


def ago(seconds: int) -> str:
    """How long ago, in the largest whole unit: "5 minutes ago", "1 hour ago", "3 days ago"."""
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            return f"{counted(seconds // size, unit)} ago"
    return "just now"


def counted_rows_of(n: int, table: str) -> str:
    """*n* records of the table import and export call *table*: ``"1 rental"``, ``"3 equipment units"``."""
    from tracker.records.entities import ENTITIES

    singular = ENTITIES[table].singular if table in ENTITIES else _TABLE_SINGULAR.get(table, table)
    return counted(n, singular)
