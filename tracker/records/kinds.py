"""Column kinds: how one column's values are read from text, stored, loaded and written as CSV text.

Every column of every entity has one kind; the validators, the storage
conversions, the exporter and the forms' choices all ask the kind, so a
column behaves the same wherever it is read or written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.cents import cents_to_text
from tracker.i18n import _
from tracker.parse import (
    _parse_absolute,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_money,
    parse_number,
)


@dataclass(frozen=True)
class ParseOptions:
    """How to read ambiguous text: day-first dates, relative dates against *today* (as typed in a form)."""

    dayfirst: bool = False
    today: date | None = None
    relative: bool = False


@dataclass(frozen=True)
class Kind:
    """How a column's values are read, stored and written.

    ``export`` names the kind for the exporter: ``text`` cells are protected
    against spreadsheet formulas, ``choice`` cells are when not a valid
    choice, and ``money``, ``date``, ``int``, ``flag`` and ``real`` cells are
    numbers or words that never need it.
    """

    name: str
    export: str
    read: Callable[[str, ParseOptions], Any]
    choices: tuple[str, ...] = ()

    def load(self, stored: Any) -> Any:
        """The typed value of what the database holds (``None`` stays ``None``)."""
        if stored is None:
            return None
        if self.export == "date":
            return date.fromisoformat(stored) if isinstance(stored, str) else stored
        if self.export == "flag":
            return bool(stored)
        return stored

    def store(self, value: Any) -> Any:
        """What the database holds for a typed value: ISO text for a date, 0/1 for a flag."""
        if value is None:
            return None
        if value.__class__ is date:
            return value.isoformat()
        if value.__class__ is bool:
            return int(value)
        return value

    def text(self, stored: Any) -> str:
        """The canonical CSV text of a stored value: money with two places, yes/no, blank for none."""
        if stored is None:
            return ""
        if self.export == "money":
            return cents_to_text(stored)
        if self.export == "flag":
            return "yes" if stored else "no"
        if isinstance(stored, float):
            return repr(stored) if not stored.is_integer() else str(int(stored))
        if isinstance(stored, date):
            return stored.isoformat()
        return str(stored)


def _text(raw: str, _opts: ParseOptions) -> str:
    return raw.strip()


def _code(raw: str, _opts: ParseOptions) -> str:
    value = raw.strip()
    if "\n" in value or "\r" in value or "\t" in value:
        raise ValueError(_("a code cannot hold line breaks or tabs"))
    return value


def _date(raw: str, opts: ParseOptions) -> date:
    if not opts.relative:
        return _parse_absolute(raw.strip(), opts.dayfirst)
    return parse_date(raw, dayfirst=opts.dayfirst, today=opts.today, relative=True)


def _money(raw: str, _opts: ParseOptions) -> int:
    return parse_money(raw)


def _flag(raw: str, _opts: ParseOptions) -> bool:
    return parse_bool(raw)


#: What separates tags in the text typed or imported: commas and semicolons, Chinese ones too.
_TAG_SEPARATORS = re.compile(r"[,;，；、]")
#: What separates stored tags (see :func:`tags_of`).
TAG_SEPARATOR = ", "


def tags_of(text: str) -> list[str]:
    """The tags in *text*, each once (the first spelling of those equal but for case), blanks dropped."""
    out: list[str] = []
    seen: set[str] = set()
    for part in _TAG_SEPARATORS.split(text or ""):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out


def _tags(raw: str, _opts: ParseOptions) -> str:
    return TAG_SEPARATOR.join(tags_of(raw))


TEXT = Kind("text", "text", _text)
#: A customer's tags (``VIP, installers``): stored once each, joined by :data:`TAG_SEPARATOR`.
TAGS = Kind("tags", "text", _tags)
CODE = Kind("code", "text", _code)
DATE = Kind("date", "date", _date)
MONEY = Kind("money", "money", _money)
FLAG = Kind("flag", "flag", _flag)


def choice(choices: tuple[str, ...], *, upper: bool = False) -> Kind:
    """One of *choices*, read case-insensitively (``On Rent`` is ``on-rent``; *upper* for letter grades)."""
    if upper:
        return Kind("choice", "choice", lambda raw, _opts: parse_choice(raw.upper(), choices), choices)
    return Kind("choice", "choice", lambda raw, _opts: parse_choice(raw, choices), choices)


def whole(low: int, high: int) -> Kind:
    """A whole number from *low* to *high* (a rating, a severity)."""
    return Kind("int", "int", lambda raw, _opts: parse_int(raw, low=low, high=high))


def number(low: float) -> Kind:
    """A finite decimal number of at least *low* (a height in metres)."""
    return Kind("number", "real", lambda raw, _opts: parse_number(raw, low=low))
