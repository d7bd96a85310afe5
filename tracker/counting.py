"""Counts as words: "1 row", "1,204 rows", "1 equipment unit" (in Chinese "1,204 行", "3 台设备")."""

from __future__ import annotations

from collections.abc import Callable

from tracker.i18n import _, ngettext

#: Plurals that are not the singular plus "s".
_IRREGULAR = {"equipment unit": "equipment units", "setting": "settings", "tier change": "tier changes"}
#: What one row of each file that import and export name is called (entities and what is kept beside them).
_TABLE_SINGULAR = {"tier_history": "tier change", "settings": "setting"}

#: Each noun the code counts, by its English singular: the count's message, singular and plural
#: (``{n}`` the count, thousands separated). A noun not here is counted in English.
_NOUNS: dict[str, Callable[[int], str]] = {
    "row": lambda n: ngettext("{n} row", "{n} rows", n),
    "bad row": lambda n: ngettext("{n} bad row", "{n} bad rows", n),
    "more bad row": lambda n: ngettext("{n} more bad row", "{n} more bad rows", n),
    "problem": lambda n: ngettext("{n} problem", "{n} problems", n),
    "alert": lambda n: ngettext("{n} alert", "{n} alerts", n),
    "open complaint": lambda n: ngettext("{n} open complaint", "{n} open complaints", n),
    "day": lambda n: ngettext("{n} day", "{n} days", n),
    "hour": lambda n: ngettext("{n} hour", "{n} hours", n),
    "minute": lambda n: ngettext("{n} minute", "{n} minutes", n),
    "customer": lambda n: ngettext("{n} customer", "{n} customers", n),
    "equipment unit": lambda n: ngettext("{n} equipment unit", "{n} equipment units", n),
    "rental": lambda n: ngettext("{n} rental", "{n} rentals", n),
    "complaint": lambda n: ngettext("{n} complaint", "{n} complaints", n),
    "interaction": lambda n: ngettext("{n} interaction", "{n} interactions", n),
    "payment": lambda n: ngettext("{n} payment", "{n} payments", n),
    "deposit": lambda n: ngettext("{n} deposit", "{n} deposits", n),
    "upkeep record": lambda n: ngettext("{n} upkeep record", "{n} upkeep records", n),
    "task": lambda n: ngettext("{n} task", "{n} tasks", n),
    "promise": lambda n: ngettext("{n} promise", "{n} promises", n),
    "contact": lambda n: ngettext("{n} contact", "{n} contacts", n),
    "return visit": lambda n: ngettext("{n} return visit", "{n} return visits", n),
    "tier change": lambda n: ngettext("{n} tier change", "{n} tier changes", n),
    "setting": lambda n: ngettext("{n} setting", "{n} settings", n),
}

#: "5 minutes ago", by unit.
_AGO: dict[str, Callable[[int], str]] = {
    "day": lambda n: ngettext("{n} day ago", "{n} days ago", n),
    "hour": lambda n: ngettext("{n} hour ago", "{n} hours ago", n),
    "minute": lambda n: ngettext("{n} minute ago", "{n} minutes ago", n),
}


def counted(n: int, singular: str, plural: str | None = None, *, english: bool = False) -> str:
    """*n* with its noun in the right number, thousands separated: ``counted(1, "row")`` is ``"1 row"``.

    The nouns of :data:`_NOUNS` are in the language spoken now (unless *english*: what is
    stored is); any other is counted in English.
    """
    noun = None if english else _NOUNS.get(singular)
    if noun is not None and (plural is None or plural == _IRREGULAR.get(singular, singular + "s")):
        return noun(n).format(n=f"{n:,}")
    if n == 1:
        return f"1 {singular}"
    return f"{n:,} {plural or _IRREGULAR.get(singular) or singular + 's'}"


def ago(seconds: int) -> str:
    """How long ago, in the largest whole unit: "5 minutes ago", "1 hour ago", "3 days ago"."""
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return _AGO[unit](n).format(n=f"{n:,}")
    return _("just now")


def singular_of(table: str) -> str:
    """What one record of the table import and export call *table* is called: ``rental``, ``equipment unit``."""
    from tracker.records.entities import ENTITIES

    return ENTITIES[table].singular if table in ENTITIES else _TABLE_SINGULAR.get(table, table)


def counted_rows_of(n: int, table: str, *, english: bool = False) -> str:
    """*n* records of the table import and export call *table*: ``"1 rental"``, ``"3 equipment units"``."""
    return counted(n, singular_of(table), english=english)


def singular_counted(text: str) -> tuple[int, str] | None:
    """The count and the singular noun of an English count (``"1,204 rentals"`` -> ``(1204, "rental")``)."""
    number, _space, noun = text.partition(" ")
    try:
        n = int(number.replace(",", ""))
    except ValueError:
        return None
    for singular in _NOUNS:
        if noun in (singular, _IRREGULAR.get(singular, singular + "s")):
            return n, singular
    return None
