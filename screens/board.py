"""Home: the live tier board — platinum, gold, iron, lead — with the figures and the alerts."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static

from screens.widgets.alert_list import AlertList
from screens.widgets.figures_strip import FiguresStrip
from screens.widgets.tier_table import TierTable

TIERS = ("platinum", "gold", "iron", "lead")


class BoardScreen(Screen[None]):
    """The customer pyramid, refreshed whenever the database changes."""

    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("a", "focus_alerts", "Alerts"),
        Binding("p", "focus_tier('platinum')", "Platinum", show=False),
        Binding("g", "focus_tier('gold')", "Gold", show=False),
        Binding("o", "focus_tier('iron')", "Iron", show=False),
        Binding("l", "focus_tier('lead')", "Lead", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown_generation = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield FiguresStrip("Computing the board…", id="figures")
        with Horizontal(id="board-body"):
            with Vertical(id="tiers"):
                for tier in TIERS:
                    table = TierTable(tier, id=f"tier-{tier}", classes=f"tier {tier}")
                    table.border_title = tier.upper()
                    yield table
            with Vertical(id="side"):
                yield AlertList(id="alerts")
                yield Static("", id="board-legend")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#board-legend", Static).update(
            "▲▼ tier change · ⏰ follow-up overdue · !n alerts\n"
            "Emotion: close ≥80 warm ≥65 neutral ≥45 cool ≥30 cold\n"
            "Enter open · a alerts · p g o l tiers"
        )
        self.data_changed()

    def on_screen_resume(self) -> None:
        self.data_changed()

    def data_changed(self) -> None:
        """Show the app's newest board (no database work here: the app computed it)."""
        app: Any = self.app
        if not self.is_mounted:
            return
        if app.board is None:
            if app.board_error:
                self.query_one(FiguresStrip).update(f"The board could not be computed: {app.board_error}")
            return
        if app.generation == self._shown_generation:
            return
        self._shown_generation = app.generation
        self.show_board(app.board)

    def show_board(self, board: Any) -> None:
        """Fill the tiers, the figures strip and the alerts from *board*."""
        by_tier: dict[str, list[Any]] = {t: [] for t in TIERS}
        for row in board.rows:
            by_tier.setdefault(row.tier, []).append(row)
        for tier in TIERS:
            self.query_one(f"#tier-{tier}", TierTable).show_rows(by_tier[tier])
        self.query_one(FiguresStrip).show(board.figures, getattr(board, "as_of", None))
        self.query_one(AlertList).show(list(board.alerts))
        if self.focused is None:
            for tier in TIERS:
                if by_tier[tier]:
                    self.query_one(f"#tier-{tier}", TierTable).focus()
                    break

    def selected_customer(self) -> str | None:
        """The customer under the cursor of the focused tier or alert."""
        focused = self.focused
        if isinstance(focused, TierTable):
            return focused.current_code()
        if isinstance(focused, AlertList):
            return focused.current_code()
        return None

    def action_open(self) -> None:
        code = self.selected_customer()
        if code:
            self.app.open_customer(code)  # type: ignore[attr-defined]

    def action_focus_alerts(self) -> None:
        self.query_one(AlertList).focus()

    def action_focus_tier(self, tier: str) -> None:
        self.query_one(f"#tier-{tier}", TierTable).focus()

    @on(TierTable.Opened)
    def _opened(self, event: TierTable.Opened) -> None:
        self.app.open_customer(event.code)  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#alerts")
    def _alert_chosen(self, event: OptionList.OptionSelected) -> None:
        code = self.query_one(AlertList).current_code()
        if code:
            self.app.open_customer(code)  # type: ignore[attr-defined]
