"""Customers: filter as you type (name, code, phone, WeChat, city; CJK too), sort, open."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Header, Input, Static

from screens.actions import CUSTOMERS, FILTER, bindings, key_for
from screens.format import BAND_CLASSES, TIER_CLASSES, band_style, emotion, money, named, plain, tier_style
from screens.lists.base import ListScreen
from screens.widgets.footer import Footer
from screens.widgets.paged_table import PagedTable
from tracker.i18n import N_, _
from tracker.words import shown

if TYPE_CHECKING:
    from tracker.board import Board

#: Sorts read straight from the table, then sorts in the board's order (the board must be ready).
SORTS = ("name", "code", "newest", "city", "value", "tier", "emotion")
BOARD_SORTS = {"value", "tier", "emotion"}
#: What each sort is called in the list's status line.
SORT_WORDS = {
    "name": N_("name"), "code": N_("code"), "newest": N_("newest"), "city": N_("city"), "value": N_("value"),
    "tier": N_("tier"), "emotion": N_("emotion"),
}


def _ranked(board: Board, sort: str) -> list[str]:
    """The board's customers in a board sort: by value, in tier order, or warmest emotion first."""
    if sort == "value":
        return [c for _value, c in board.ranking]
    if sort == "emotion":
        return [r.code for r in sorted(board.rows, key=lambda r: (-r.emotion, r.code))]
    return [r.code for r in board.rows]


class CustomerListScreen(ListScreen):
    """Every active customer, a page at a time, with its tier and scores from the board."""

    LIST_TITLE = N_("Customers")
    #: Named styles of the tier and emotion columns (app.tcss colours them).
    COMPONENT_CLASSES = {*TIER_CLASSES, *BAND_CLASSES, "customer--archived"}
    BINDINGS = bindings(FILTER + CUSTOMERS)

    def __init__(self) -> None:
        super().__init__()
        self.sort = "name"
        #: Whether archived customers are listed too (in the sorts read from the table).
        self.show_archived = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder=_("{key} filter: name, code, phone, WeChat, city (any script, or its pinyin), #tag").format(
                key=key_for(FILTER, "focus_filter")
            ),
            id="filter", compact=True,
        )
        yield Static("", id="list-status", classes="list-status")
        yield PagedTable(
            [
                (_("Code"), "code", 8), (_("Name"), "name", 28), (_("Tier"), "tier", 8),
                (_("Value"), "value", 10), (_("Emotion"), "emotion", 7), (_("Segment"), "segment", 8),
                (_("Phone"), "phone", 15), (_("City"), "city", 8), (_("Since"), "since", 10),
            ],
            id="table",
        )
        yield Footer(compact=True)

    def set_loader(self) -> None:
        from tracker.views import customers_page, customers_ranked_page, tag_of_filter

        typed, sort = self.query_one("#filter", Input).value, self.sort
        text, tag = tag_of_filter(typed)
        table = self.query_one(PagedTable)
        if sort in BOARD_SORTS:
            board = self.app.board
            ranked: list[str] = []
            if board is not None:
                ranked = _ranked(board, sort)
            table.loader = lambda conn, after, limit: customers_ranked_page(
                conn, text, ranked, after=after, limit=limit, tag=tag
            )
        else:
            archived = self.show_archived
            table.loader = lambda conn, after, limit: customers_page(
                conn, text, sort=sort, after=after, limit=limit, include_archived=archived, tag=tag
            )
        parts = [_("sorted by {sort}").format(sort=_(SORT_WORDS.get(sort, sort)))]
        if typed.strip():
            parts.append(_("filter “{text}”").format(text=typed.strip()))
        if self.show_archived:
            parts.append(
                _("archived ones not ranked (sort by name to see them)") if sort in BOARD_SORTS else _("archived shown")
            )
        archived_key = key_for(CUSTOMERS, "toggle_archived")
        parts += [
            _("Enter open"), _("{key} sort").format(key=key_for(CUSTOMERS, "sort")),
            _("{key} filter").format(key=key_for(FILTER, "focus_filter")),
            (_("{key} hide archived") if self.show_archived else _("{key} show archived")).format(key=archived_key),
        ]
        # The filter as typed: ``[/]`` or ``[b]`` in it is shown, not read as markup.
        self.query_one("#list-status", Static).update(plain(" · ".join(parts)))

    def row_cells(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        board = self.app.board
        board_row = board.row(row["code"]) if board is not None else None
        if row.get("archived_on"):
            tier = Text(_("archived"), style=named(self, "customer--archived"))
        elif board_row:
            tier = Text(shown(board_row.tier), style=tier_style(self, board_row.tier))
        else:
            tier = Text("")
        return row["code"], (
            row["code"], row["name"], tier,
            Text(money(board_row.current_value) if board_row else "", justify="right"),
            emotion(board_row.emotion, band_style(self, board_row.band)) if board_row else "",
            shown(row["segment"]), row["phone"], row["city"], row["created_on"],
        )

    def action_toggle_archived(self) -> None:
        """List the archived customers too, or not."""
        self.show_archived = not self.show_archived
        self.reload()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.reload()

    @on(PagedTable.Opened)
    def _open(self, event: PagedTable.Opened) -> None:
        self.app.open_customer(event.key)
