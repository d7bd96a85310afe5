"""Parsers for what people type and what spreadsheets hold: dates, money, numbers, flags.

Each parser takes text and returns a value or raises ``ValueError`` with a short
message meant for the owner ("not a date: 2026-02-30").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from tracker.cents import cents_to_text
from tracker.i18n import N_, _

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*d?$")
_YEAR_FIRST = re.compile(r"^\d{4}\D")
_WORDS = {
    "today": 0, "yesterday": -1, "tomorrow": 1,
    "今天": 0, "昨天": -1, "明天": 1, "后天": 2, "後天": 2, "前天": -2, "大后天": 3, "大後天": 3, "大前天": -3,
}
#: ``2026年11月20日``, ``11月20日`` (the year, and the 日 or 号 after the day, may be left out).
_CJK_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?")
#: ``11.20``: month, a dot, day (in a form, in the year of today).
_MONTH_DOT_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})")
#: ``下周一``, ``本星期五``, ``上礼拜日``, and ``周一`` alone (refused: which week?).
_WEEK_DAY = re.compile(r"(上|下|本|这|這)?\s*(?:周|週|星期|礼拜|禮拜)\s*(\S)")
_WEEKS = {"上": -1, "下": 1, "本": 0, "这": 0, "這": 0}
_WEEKDAYS = {**{c: i for i, c in enumerate("一二三四五六")}, "日": 6, "天": 6, "七": 6}
#: Currency signs and words that may surround an amount.
_CURRENCY = re.compile(r"(?i)^(?:¥|￥|\$|€|£|rmb|cny|usd|eur)\s*|\s*(?:元|rmb|cny|usd|eur)$")
_MONEY = re.compile(r"^\d+(?:\.\d{1,2})?$")
#: The common case, read without Decimal: digits with up to two decimals.
_PLAIN_MONEY = re.compile(r"\s*(\d{1,16})(?:\.(\d\d?))?\s*")
#: The largest amount of money accepted, in cents (10,000,000,000.00): far beyond any rental,
#: yet small enough that millions of them add up exactly in SQLite's 64-bit integers.
MAX_CENTS = 10**12
#: The most one customer's amounts (or costs, payments, compensation) may add up to, in cents.
#: The board adds them up in SQLite's 64-bit integers: a customer's value (amounts less costs,
#: less compensation) and balance (amounts less payments) then stay within 3 x 10**18, inside
#: the 9.2 x 10**18 those hold. A million rentals at :data:`MAX_CENTS` reach it.
MAX_CUSTOMER_CENTS = 10**18
#: The years a date may fall in: anything outside is a typing slip, not a rental.
FIRST_YEAR, LAST_YEAR = 1900, 2999
#: Two days dateutil fills missing parts from: a text naming its day, month and year reads
#: the same against both (both leap years, both months of 31 days).
_DEFAULTS = (datetime(2000, 1, 1), datetime(2004, 12, 31))


def parse_date(
    text: str, *, dayfirst: bool = False, today: date | None = None, relative: bool = False
) -> date:
    """Read a date.

    ISO ``YYYY-MM-DD`` is always read as ISO (never day-first). Anything else
    goes to python-dateutil, with *dayfirst* deciding ``05/03/2024``, and must
    name the day, the month and the year: what dateutil would fill in from
    the current date (``5``, ``March``, ``2026``, ``10:30``) is refused.

    Chinese dates are read too: ``2026年11月20日`` always, and in a form
    ``11月20日`` (in the year of *today*).

    With *relative* (what is typed in the app's forms), ``today``,
    ``yesterday``, ``tomorrow``, ``+3`` and ``-2`` (days from *today*) are
    accepted too, as are 今天, 明天, 后天, 大后天, 昨天, 前天 and 大前天, and a
    weekday of last, this or next week (``上周一``, ``本周五``, ``下周一``: weeks
    run Monday to Sunday; ``周一`` alone is refused: which week?). A date
    naming its day and month but no year is in the year of *today*, and so
    is ``11.20``: month, dot, day (20 November; with *dayfirst*, day, dot,
    month). Every date falls in the years 1900 to 2999.
    """
    raw = text.strip()
    if not raw:
        raise ValueError(_("a date is required"))
    if not relative:
        return _parse_absolute(raw, dayfirst)
    word = raw.lower()
    base = today or date.today()
    if word in _WORDS:
        return _in_range(base + timedelta(days=_WORDS[word]), raw)
    m = _RELATIVE.match(word)
    if m:
        days = int(m.group(2))
        try:
            day = base + timedelta(days=days if m.group(1) == "+" else -days)
        except OverflowError:
            raise ValueError(_out_of_range(raw)) from None
        return _in_range(day, raw)
    if not raw.isascii():
        raw = unicodedata.normalize("NFKC", raw)  # full-width digits and dots
        week = _WEEK_DAY.fullmatch(raw)
        if week:
            return _week_day(raw, week, base)
    dotted = _MONTH_DOT_DAY.fullmatch(raw)
    if dotted:
        month, day = (int(g) for g in dotted.groups())
        if dayfirst:
            month, day = day, month
        return _real(base.year, month, day, raw, N_("day.month") if dayfirst else N_("month.day"))
    return _parse_absolute(raw, dayfirst, base.year)


def _week_day(raw: str, m: re.Match[str], base: date) -> date:
    """``下周一`` and the like: a weekday of the week before, this week or the week after *base*'s."""
    which, name = m.groups()
    if name not in _WEEKDAYS:
        raise ValueError(_("not a date: {date}").format(date=shown(raw)))
    if which is None:
        raise ValueError(_("not a date: {date} (say 本{day} or 下{day})").format(date=shown(raw), day=raw))
    monday = base - timedelta(days=base.weekday())
    try:
        day = monday + timedelta(days=7 * _WEEKS[which] + _WEEKDAYS[name])
    except OverflowError:
        raise ValueError(_out_of_range(raw)) from None
    return _in_range(day, raw)


def _real(year: int, month: int, day: int, raw: str, how: str = "") -> date:
    """The date *year*-*month*-*day*, or the owner told *raw* names no such day (read as *how*)."""
    try:
        found = date(year, month, day)
    except ValueError:
        if how:
            raise ValueError(_("not a real date: {date} ({how})").format(date=shown(raw), how=_(how))) from None
        raise ValueError(_("not a real date: {date}").format(date=shown(raw))) from None
    return _in_range(found, raw)


def _out_of_range(raw: str) -> str:
    return _("not a plausible date: {date} (years {first} to {last})").format(
        date=shown(raw), first=FIRST_YEAR, last=LAST_YEAR)


def _in_range(day: date, raw: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(_out_of_range(raw))
    return day


@lru_cache(maxsize=65536)
def _parse_absolute(raw: str, dayfirst: bool, year: int | None = None) -> date:
    """*raw* (stripped) as a date naming day, month and year.

    With *year* (a form's date), naming day and month is enough: the date is then in *year*.
    """
    if _ISO.match(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise ValueError(_("not a real date: {date}").format(date=raw)) from None
        return _in_range(day, raw)
    if "月" in raw:
        cjk = _CJK_DATE.fullmatch(unicodedata.normalize("NFKC", raw))
        if cjk:
            given = cjk.group(1)
            if given is None and year is None:
                raise ValueError(_("not a full date: {date} (give day, month and year)").format(date=shown(raw)))
            return _real(int(given) if given else year, int(cjk.group(2)), int(cjk.group(3)), raw)
    from dateutil import parser

    # A leading year means year/month/day whatever *dayfirst* says.
    year_first = bool(_YEAR_FIRST.match(raw))
    first = dayfirst and not year_first
    defaults = _DEFAULTS if year is None else (datetime(year, 1, 1), datetime(year, 12, 31))
    try:
        # Read against two different days: a part the text leaves out comes from the
        # default, so the two readings differ exactly when the text is not a full date.
        a, b = (parser.parse(raw, dayfirst=first, yearfirst=year_first, default=d).date() for d in defaults)
    except (ValueError, OverflowError, parser.ParserError):
        raise ValueError(_("not a date: {date}").format(date=shown(raw))) from None
    if a != b:
        if year is None:
            raise ValueError(_("not a full date: {date} (give day, month and year)").format(date=shown(raw)))
        raise ValueError(_("not a full date: {date} (give at least day and month)").format(date=shown(raw)))
    return _in_range(a, raw)


def parse_money(text: str) -> int:
    """Read an amount of money into whole cents: ``1,200``, ``¥1200``, ``1 200.50``.

    Negative amounts, exponents, NaN and more than two decimals are refused.
    """
    plain = _PLAIN_MONEY.fullmatch(text)
    if plain is not None:
        whole, frac = plain.groups()
        cents = int(whole) * 100 + (int(frac) * (10 if len(frac) == 1 else 1) if frac else 0)
        if cents > MAX_CENTS:
            raise ValueError(too_large(text.strip()))
        return cents
    raw = text.strip()
    if not raw:
        raise ValueError(_("an amount is required"))
    cleaned = _CURRENCY.sub("", raw).strip()
    cleaned = cleaned.replace(",", "").replace(" ", "").replace("\u00a0", "").replace("_", "")
    if cleaned.startswith("-") or cleaned.startswith("("):
        raise ValueError(_("amount cannot be negative: {amount}").format(amount=shown(raw)))
    if cleaned.startswith("+"):
        cleaned = cleaned[1:]
    if not _MONEY.match(cleaned):
        raise ValueError(_("not an amount of money: {amount}").format(amount=shown(raw)))
    cents = int(Decimal(cleaned) * 100)
    if cents > MAX_CENTS:
        raise ValueError(too_large(raw))
    return cents


def too_large(what: str) -> str:
    """The message for an amount over :data:`MAX_CENTS`, *what* being the amount as given."""
    return _("amount too large: {amount} (at most {most})").format(
        amount=shown(what), most=cents_to_text(MAX_CENTS, thousands=True))


def parse_int(text: str, *, low: int | None = None, high: int | None = None) -> int:
    """Read a whole number, optionally within [low, high]."""
    raw = text.strip()
    try:
        value = int(raw)
    except ValueError:
        try:
            d = Decimal(raw)
        except InvalidOperation:
            raise ValueError(_("not a whole number: {number}").format(number=shown(raw))) from None
        if not d.is_finite() or d != d.to_integral_value():
            raise ValueError(_("not a whole number: {number}").format(number=shown(raw))) from None
        value = int(d)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(_("must be between {low} and {high}, not {number}").format(low=low, high=high, number=shown(raw)))
    return value


def parse_number(text: str, *, low: float | None = None) -> float:
    """Read a finite decimal number, optionally at least *low*."""
    raw = text.strip().replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(_("not a number: {number}").format(number=shown(text.strip()))) from None
    if not math.isfinite(value):
        raise ValueError(_("not a finite number: {number}").format(number=shown(text.strip())))
    if low is not None and value < low:
        raise ValueError(_("must be at least {low}, not {number}").format(low=f"{low:g}", number=shown(text.strip())))
    return value


_TRUE = {"yes", "y", "true", "t", "1", "是", "x", "✓"}
_FALSE = {"no", "n", "false", "f", "0", "否", ""}


def parse_bool(text: str) -> bool:
    """Read yes/no (also true/false, 1/0, 是/否)."""
    raw = text.strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(_("expected yes or no, not {text}").format(text=shown(text.strip())))


def parse_choice(text: str, choices: tuple[str, ...]) -> str:
    """Read one of *choices*, case-insensitively (``On Rent`` reads as ``on-rent``)."""
    table = _CHOICE_TABLES.get(choices)
    if table is None:
        table = _CHOICE_TABLES[choices] = {c.lower(): c for c in reversed(choices)}
    found = table.get(text)
    if found is not None and text == found:
        return found
    raw = text.strip()
    wanted = raw.lower().replace("_", "-").replace(" ", "-")
    found = table.get(wanted)
    if found is not None:
        return found
    starting = [c for c in choices if wanted and c.lower().startswith(wanted)]
    if len(starting) > 1:
        # A prefix of several: ask which, naming only those ("waiting or warranty?").
        which = _("{choices} or {last}").format(choices=", ".join(starting[:-1]), last=starting[-1])
        raise ValueError(_("{value}: {which}?").format(value=shown(repr(raw)), which=which))
    raise ValueError(_("{value} is not one of {choices}").format(value=shown(repr(raw)), choices=", ".join(choices)))


_CHOICE_TABLES: dict[tuple[str, ...], dict[str, str]] = {}


# --- echoing text in messages ------------------------------------------------------

#: The most characters of one value a message echoes.
SHOWN_CHARS = 60
#: The most names a message lists before saying how many more there are.
SHOWN_NAMES = 8
#: Characters escaped when echoed: controls (a cell holding ESC [2J would clear the terminal),
#: format characters (a right-to-left override reorders the line) and line separators.
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """*text* as a message may echo it: control characters escaped (``\\x1b``), at most *limit* characters.

    Longer text is cut, with ``…`` and its full length: what a person reads
    in one line of a terminal, whatever a file holds.
    """
    if len(text) <= limit and text.isprintable():
        return text
    out: list[str] = []
    width = 0
    for char in text:
        piece = _escape(char) if unicodedata.category(char) in _HIDDEN else char
        width += len(piece)
        if width > limit:
            return _("{text}… ({n} characters)").format(text="".join(out), n=f"{len(text):,}")
        out.append(piece)
    return "".join(out)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown_names(names: Iterable[str], limit: int = SHOWN_NAMES) -> str:
    """Names for a message: the first *limit* (each :func:`shown`), then ``… and 49,990 more``."""
    out: list[str] = []
    more = 0
    for name in names:
        if len(out) < limit:
            out.append(shown(name, 40))
        else:
            more += 1
    text = ", ".join(out)
    return _("{names} … and {n} more").format(names=text, n=f"{more:,}") if more else text


#: The operating system's reasons an owner commonly meets, as Linux and macOS word them.
_OS_REASONS = frozenset((
    N_("No such file or directory"), N_("Permission denied"), N_("Operation not permitted"),
    N_("No space left on device"), N_("Read-only file system"), N_("Is a directory"), N_("Not a directory"),
    N_("File exists"), N_("no such database"),
))


def os_reason(exc: OSError) -> str:
    """An operating system error's reason, in the language spoken now for the common ones."""
    if exc.strerror in _OS_REASONS:
        return _(exc.strerror)
    return str(exc.strerror or exc)
