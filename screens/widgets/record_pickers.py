"""Pick an open complaint, a rental still out or owing, or a deposit held, by ref, customer or unit."""

from __future__ import annotations

from typing import Any

from screens.widgets.picker import Picker
from tracker.i18n import _
from tracker.words import shown


class ComplaintPicker(Picker):
    """A :class:`Picker` over open complaints; its value is the complaint ref."""

    LIST_WHEN_EMPTY = True

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(value, placeholder=_("customer name or complaint ref"), id=id)

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import open_complaints_search

        return open_complaints_search(conn, text)

    def describe(self, row: dict[str, Any]) -> str:
        said = _("{ref}  {customer}: {cause} severity {severity}, opened {opened}").format(
            ref=row["ref"], customer=row["customer_name"], cause=shown(row["category"]), severity=row["severity"],
            opened=row["opened_on"],
        )
        return said + (f" · {row['description']}" if row.get("description") else "")


class OpenRentalPicker(Picker):
    """A :class:`Picker` over rentals booked or on rent; its value is the rental ref."""

    LIST_WHEN_EMPTY = True

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(value, placeholder=_("customer name, unit or rental ref"), id=id)

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import open_rentals_search

        return open_rentals_search(conn, text)

    def describe(self, row: dict[str, Any]) -> str:
        return _("{ref}  {customer}: {unit} {start} to {end}, {status}").format(
            ref=row["ref"], customer=row["customer_name"], unit=row["equipment"] or "", start=row["start_date"],
            end=row["end_date"], status=shown(row["status"]),
        )


class OwingRentalPicker(Picker):
    """A :class:`Picker` over rentals with a balance (only one customer's when given); its value is the ref."""

    LIST_WHEN_EMPTY = True

    def __init__(self, value: str = "", *, customer: str | None = None, id: str | None = None) -> None:
        super().__init__(value, placeholder=_("customer name, unit or rental ref"), id=id)
        self.customer = customer

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import owing_rentals_search

        return owing_rentals_search(conn, text, customer=self.customer)

    def describe(self, row: dict[str, Any]) -> str:
        from screens.format import money

        return _("{ref}  {customer}: {unit} {start} to {end}, owes {owed}").format(
            ref=row["ref"], customer=row["customer_name"], unit=row["equipment"] or "", start=row["start_date"],
            end=row["end_date"], owed=money(row["owed"], decimals=True),
        )


class HeldDepositPicker(Picker):
    """A :class:`Picker` over deposits still held (only one rental's when given); its value is the deposit ref."""

    LIST_WHEN_EMPTY = True

    def __init__(self, value: str = "", *, rental: str | None = None, id: str | None = None) -> None:
        super().__init__(value, placeholder=_("customer name, rental or deposit ref"), id=id)
        self.rental = rental

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import held_deposits_search

        return held_deposits_search(conn, text, rental=self.rental)

    def describe(self, row: dict[str, Any]) -> str:
        from screens.format import money

        return _("{ref}  {customer}: {amount} on {rental}, taken {taken}").format(
            ref=row["ref"], customer=row["customer_name"], amount=money(row["amount"], decimals=True),
            rental=row["rental"], taken=row["taken_on"],
        )
