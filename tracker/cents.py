"""Money in integer cents, shown with two decimals."""

from __future__ import annotations


def cents_to_text(cents: int, *, thousands: bool = False) -> str:
    """``123450`` -> ``"1234.50"`` (``"1,234.50"`` with *thousands*)."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(int(cents)), 100)
    body = f"{whole:,}" if thousands else str(whole)
    return f"{sign}{body}.{frac:02d}"
