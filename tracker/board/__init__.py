"""The tier board service: the board queries and the pure rules over them, and the stored board.

Opens nothing itself: every function takes an open ``sqlite3.Connection``.
Settings are read from the database on each call, so a ``rentrack config``
change shows on the next board.

Public API::

    current_board(conn, as_of=None, *, record_history=False) -> Board
    compute_board(conn, as_of=None, *, record_history=False) -> Board
    board_tiers(conn, as_of=None) -> dict[str, str]
    update_customer(conn, board, code, *, record_history=False, changes=None) -> Board
    customer_detail(conn, code, as_of=None, *, board=None) -> CustomerDetail
"""

from tracker.board.detail import CustomerDetail, TierExplanation, customer_detail
from tracker.board.engine import Board, UnknownCustomer, board_tiers, compute_board, current_board, update_customer
from tracker.board.facts import load_facts

__all__ = [
    "Board",
    "CustomerDetail",
    "TierExplanation",
    "UnknownCustomer",
    "board_tiers",
    "compute_board",
    "current_board",
    "customer_detail",
    "load_facts",
    "update_customer",
]
