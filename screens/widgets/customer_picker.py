"""Pick a customer by any part of its name, code, phone or WeChat (CJK included)."""

from __future__ import annotations

from typing import Any

from screens.widgets.picker import Picker
from tracker.i18n import _


class CustomerPicker(Picker):
    """A :class:`Picker` over active customers; its value is the customer code."""

    KEY_COLUMN = "code"

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(value, placeholder=_("name, code or phone"), id=id)

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import search_customers

        return search_customers(conn, text, limit=12)

    def describe(self, row: dict[str, Any]) -> str:
        extra = " · ".join(p for p in (row.get("phone"), row.get("city")) if p)
        return f"{row['name']}  [{row['code']}]" + (f"  {extra}" if extra else "")
