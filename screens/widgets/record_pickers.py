"""Pick an open complaint, a rental still out or owing, or a deposit held, by ref, customer or unit."""

from __future__ import annotations

from typing import Any

from screens.widgets.picker import Picker


class ComplaintPicker(Picker):
    """A :class:`Picker` over open complaints; its value is the complaint ref."""

    LIST_WHEN_EMPTY = True

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(value, placeholder="customer name or complaint ref", id=id)

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import open_complaints_search

        return open_complaints_search(conn, text)

    def describe(self, row: dict[str, Any]) -> str:
        return (
            f"{row['ref']}  {row['customer_name']}: {row['category']} severity {row['severity']},"
            f" opened {row['opened_on']}" + (f" · {row['description']}" if row.get("description") else "")
        )


class OpenRentalPicker(Picker):
    """A :class:`Picker` over rentals booked or on rent; its value is the rental ref."""

    LIST_WHEN_EMPTY = True

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(value, placeholder="customer name, unit or rental ref", id=id)

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import open_rentals_search

        return open_rentals_search(conn, text)

    def describe(self, row: dict[str, Any]) -> str:
        return (
            f"{row['ref']}  {row['customer_name']}: {row['equipment'] or ''} "
            f"{row['start_date']} to {row['end_date']}, {row['status']}"
        )


class OwingRentalPicker(Picker):
    """A :class:`Picker` over rentals with a balance (only one customer's when given); its value is the ref."""

    LIST_WHEN_EMPTY = True

    def __init__(self, value: str = "", *, customer: str | None = None, id: str | None = None) -> None:
        super().__init__(value, placeholder="customer name, unit or rental ref", id=id)
        self.customer = customer

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import owing_rentals_search

        return owing_rentals_search(conn, text, customer=self.customer)

    def describe(self, row: dict[str, Any]) -> str:
        from screens.format import money

        return (
            f"{row['ref']}  {row['customer_name']}: {row['equipment'] or ''} "
            f"{row['start_date']} to {row['end_date']}, owes {money(row['owed'], decimals=True)}"
        )


class HeldDepositPicker(Picker):
    """A :class:`Picker` over deposits still held (only one rental's when given); its value is the deposit ref."""

    LIST_WHEN_EMPTY = True

    def __init__(self, value: str = "", *, rental: str | None = None, id: str | None = None) -> None:
        super().__init__(value, placeholder="customer name, rental or deposit ref", id=id)
        self.rental = rental

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import held_deposits_search

        return held_deposits_search(conn, text, rental=self.rental)

    def describe(self, row: dict[str, Any]) -> str:
        from screens.format import money

        return (
            f"{row['ref']}  {row['customer_name']}: {money(row['amount'], decimals=True)} on {row['rental']},"
            f" taken {row['taken_on']}"
        )
