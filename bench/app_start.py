"""Start an app headless, paint its first full screen, and exit: ``python -m bench.app_start``.

Two apps, started the same way so their times compare: ``board DB`` opens the
rentrack app on DB and exits right after the first painted board (the refresh
that follows the board's tables being filled); ``table`` opens a minimal Textual
app with one 1,000-row DataTable and exits right after its first paint. The
benchmark times each as a whole process, from exec to exit, so both include the
interpreter, the imports and Textual's start-up.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

SIZE = (120, 40)
AS_OF = date(2025, 6, 30)


def board_app(db: Path) -> Any:
    """The rentrack app on *db* that exits once its first board is on screen."""
    import screens.app
    from screens.app import RentrackApp

    class FirstBoard(RentrackApp):
        # Relative CSS paths resolve beside the defining module: point back at the app's own.
        CSS_PATH = str(Path(screens.app.__file__).with_name(RentrackApp.CSS_PATH))

        def _refresh_screens(self) -> None:
            super()._refresh_screens()
            if self.board is not None:
                self.call_after_refresh(self.exit)

    # A fixed as-of day: the board is computed for the generated data and no tier history is written.
    return FirstBoard(db, as_of=AS_OF, watch=False)


def table_app(rows: int = 1000) -> Any:
    """A minimal Textual app showing one DataTable of *rows* rows, exiting once painted."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class OneTable(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("code", "name", "value", "profit", "rentals", "emotion", "stage", "alerts")
            table.add_rows(
                (f"C{i:05d}", f"Customer {i}", f"{i * 1234.5:,.2f}", f"{i * 321.25:,.2f}", str(i % 97),
                 str(i % 100), "repeat", "")
                for i in range(rows)
            )
            self.call_after_refresh(self.exit)

    return OneTable()


def main(argv: list[str] | None = None) -> None:
    """``board DB`` or ``table``: run that app headless until its first paint."""
    args = sys.argv[1:] if argv is None else argv
    if args[0] == "board":
        from tracker.cli import skip_final_collection

        skip_final_collection()  # as the `rentrack` entry point does
    app = board_app(Path(args[1])) if args[0] == "board" else table_app()
    app.run(headless=True, size=SIZE)
    if args[0] == "board" and app.board is None:
        sys.exit(f"no board was painted: {app.board_error}")


if __name__ == "__main__":
    main()
