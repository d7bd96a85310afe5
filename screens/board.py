"""Home: the live tier board — platinum, gold, iron, lead — with the figures and the alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList, Static

from screens.actions import BOARD, bindings, key_for
from screens.app import RentrackApp
from screens.format import BAND_CLASSES, BANDS, TIERS, band_style, named, plain
from screens.widgets.alert_list import AlertList
from screens.widgets.figures_strip import FiguresStrip
from screens.widgets.footer import Footer
from screens.widgets.tier_table import TierTable
from tracker.i18n import _, ngettext
from tracker.settings import Settings, number
from tracker.words import shown

if TYPE_CHECKING:
    from tracker.board import Board
    from tracker.rules.customer_facts import CustomerRow

#: Rows a tier box takes beyond its customers: two borders and the column header.
CHROME = 3


def tier_heights(counts: list[int], available: int, chrome: list[int] | None = None) -> list[int]:
    """Heights of the tier boxes: small tiers shown whole, the rest share what is left.

    *chrome* is the rows each box takes beyond its customers (default :data:`CHROME`).
    Every box gets at least one row; if everything fits, the last box takes the spare lines.
    """
    chrome = chrome or [CHROME] * len(counts)
    needs = [max(n, 1) + c for n, c in zip(counts, chrome)]
    if sum(needs) <= available:
        needs[-1] += available - sum(needs)
        return needs
    heights = [0] * len(needs)
    left, open_ = available, sorted(range(len(needs)), key=lambda i: needs[i])
    while open_:
        share = left // len(open_)
        i = open_[0]
        if needs[i] <= share:
            heights[i] = needs[i]
        else:
            # None of the rest fit whole: split evenly (the first ones take the odd lines).
            for j, k in enumerate(sorted(open_)):
                heights[k] = max(chrome[k] + 1, share + (1 if j < left % len(open_) else 0))
            break
        left -= heights[i]
        open_.pop(0)
    return heights


def band_floors(settings: Settings) -> tuple[tuple[str, str], ...]:
    """Each emotion band and the scores it takes, as the settings have them: ``("warm", "65+")``."""
    floors = (settings.band_close, settings.band_warm, settings.band_neutral, settings.band_cool)
    return (
        *((band, f"{number(floor)}+") for band, floor in zip(BANDS, floors)),
        (BANDS[-1], f"<{number(settings.band_cool)}"),
    )


def legend(widget: Widget, settings: Settings) -> Text:
    """What the marks and colours on the board mean, in *widget*'s named styles and the bands' floors."""
    text = Text()
    text.append("▲▼", style="bold")
    text.append(" " + _("tier") + "  ")
    text.append("⏰", style=named(widget, "follow-up--overdue"))
    text.append(" " + _("follow-up due") + "  ")
    text.append("!n", style=named(widget, "alert--mark"))
    text.append(" " + _("alerts") + "\n")
    for i, (name, floor) in enumerate(band_floors(settings)):
        text.append(shown(name), style=band_style(widget, name) or "bold")
        text.append(f" {floor}" + ("\n" if i in (2, 4) else "  "))
    tiers = " ".join(key_for(BOARD, f"focus_tier('{tier}')") for tier in TIERS)
    text.append(_("{open} open · {alerts} alerts · {tiers} tiers").format(
        open=key_for(BOARD, "open"), alerts=key_for(BOARD, "focus_alerts"), tiers=tiers))
    return text


class BoardScreen(Screen[None]):
    """The customer pyramid, refreshed whenever the database changes."""

    CSS_PATH = "board.tcss"
    #: Named styles of the legend (app.tcss colours them, as on the tiers).
    COMPONENT_CLASSES = {"alert--mark", "follow-up--overdue"} | BAND_CLASSES
    app = getters.app(RentrackApp)
    BINDINGS = bindings(BOARD)
    #: Narrower than this, the alerts and the legend wait behind their key (``a``) and the tiers take the width.
    NARROW = 114
    #: Shorter than this, the header goes: every row is a customer's.
    SHORT = 30

    class _Tagged(Message):
        """The codes of the customers tagged *tag*."""

        def __init__(self, tag: str, codes: set[str]) -> None:
            super().__init__()
            self.tag = tag
            self.codes = codes

    def __init__(self) -> None:
        super().__init__()
        self._shown_generation = -1
        self._counts: dict[str, int] = {}
        #: The tag the board is filtered by (None: every customer), and the codes it holds once read.
        self.tag: str | None = None
        self._tagged: set[str] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FiguresStrip(_("Computing the board…"), id="figures")
        with Horizontal(id="board-body"):
            with Vertical(id="tiers"):
                for tier in TIERS:
                    table = TierTable(tier, id=f"tier-{tier}", classes=f"tier {tier}")
                    table.border_title = shown(tier).upper()
                    yield table
            with Vertical(id="side"):
                yield AlertList(id="alerts")
                yield Static("", id="board-legend")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.data_changed()

    def on_screen_resume(self) -> None:
        self.data_changed()

    def data_changed(self) -> None:
        """Show the app's newest board (no database work here: the app computed it)."""
        app = self.app
        if not self.is_mounted:
            return
        if app.board is None:
            if app.board_error:
                self.query_one(FiguresStrip).update(
                    plain(_("The board could not be computed: {error}").format(error=app.board_error)))
            return
        if app.generation == self._shown_generation:
            return
        self._shown_generation = app.generation
        if self.tag is not None:
            self._read_tagged(self.tag)  # tags may have changed too: shown once read
            return
        self.show_board(app.board)

    def show_board(self, board: Board) -> None:
        """Fill the tiers, the figures strip and the alerts from *board*."""
        by_tier: dict[str, list[CustomerRow]] = {t: [] for t in TIERS}
        tagged = self._tagged if self.tag is not None else None
        for row in board.rows:
            if tagged is None or row.code in tagged:
                by_tier.setdefault(row.tier, []).append(row)
        for tier in TIERS:
            table = self.query_one(f"#tier-{tier}", TierTable)
            table.show_rows(by_tier[tier], board.as_of)
            if self.tag is not None:
                table.border_title = Text(_("{tier} · {n} tagged {tag}").format(
                    tier=shown(tier).upper(), n=f"{len(by_tier[tier]):,}", tag=self.tag))
        self._counts = {tier: len(by_tier[tier]) for tier in TIERS}
        self.query_one(FiguresStrip).show(board.figures, board.settings, board.as_of)
        self.query_one("#board-legend", Static).update(legend(self, board.settings))
        self._layout_tiers()
        self.call_after_refresh(self._layout_tiers)  # the figures may now take another line
        # A unit's alerts first: a unit whose inspection lapses cannot be booked.
        alerts = board.alerts if tagged is None else [a for a in board.alerts if a.code in tagged]
        self.query_one(AlertList).show([*board.unit_alerts, *alerts] if tagged is None else alerts)
        self._show_filter()
        if self.focused is None:
            for tier in TIERS:
                if by_tier[tier]:
                    self.query_one(f"#tier-{tier}", TierTable).focus()
                    break

    # --- a filter by tag ------------------------------------------------------------------

    def action_filter_tag(self) -> None:
        """Ask for a tag; the board then shows only the customers tagged so."""
        from screens.forms.tag import TagForm

        def chosen(tag: str | None) -> None:
            if tag:
                self.tag, self._tagged = tag, None
                self._read_tagged(tag)

        self.app.push_screen(TagForm(self.tag or ""), chosen)

    def action_clear_tag(self) -> None:
        """Every customer again."""
        self.tag, self._tagged = None, None
        if self.app.board is not None:
            self.show_board(self.app.board)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape clears a filter by tag, and does nothing (is not shown) without one."""
        if action == "clear_tag":
            return self.tag is not None
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="tagged")
    def _read_tagged(self, tag: str) -> None:
        from screens.store import reading
        from tracker.views import tagged_codes

        with reading(self.app.db_path) as conn:
            codes = tagged_codes(conn, tag)
        self.post_message(self._Tagged(tag, codes))

    @on(_Tagged)
    def _tagged_read(self, message: _Tagged) -> None:
        if message.tag != self.tag:
            return  # cleared or changed since
        self._tagged = message.codes
        if self.app.board is not None:
            self.show_board(self.app.board)
        self.refresh_bindings()

    def _show_filter(self) -> None:
        """The heading says the filter (the tag as typed, never read as markup)."""
        if self.tag is None:
            self.sub_title = None  # the app's: the open file (and "computing the board…")
            return
        n = len(self._tagged or ())
        self.sub_title = ngettext(
            "tagged {tag}: {n} customer · {key} all", "tagged {tag}: {n} customers · {key} all", n,
        ).format(tag=self.tag, n=n, key=key_for(BOARD, "clear_tag"))

    def on_resize(self) -> None:
        narrow = self.size.width < self.NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if not narrow:
                self.remove_class("-alerts")
            # Below the first tier, the column headings are the first tier's: one heading serves all.
            for tier in TIERS[1:]:
                self.query_one(f"#tier-{tier}", TierTable).show_header = not narrow
        self.set_class(self.size.height < self.SHORT, "-short")
        self.call_after_refresh(self._layout_tiers)

    def _layout_tiers(self) -> None:
        """Share the height among the tiers: each gets what it needs, big tiers split the rest."""
        available = self.query_one("#tiers").size.height
        if not available:
            return
        tables = [self.query_one(f"#tier-{tier}", TierTable) for tier in TIERS]
        chrome = [CHROME - (0 if table.show_header else 1) for table in tables]
        heights = tier_heights([self._counts.get(t, 0) for t in TIERS], available, chrome)
        for table, height in zip(tables, heights):
            table.styles.height = height

    def selected_customer(self) -> str | None:
        """The customer under the cursor of the focused tier or alert."""
        focused = self.focused
        if isinstance(focused, TierTable):
            return focused.current_code()
        if isinstance(focused, AlertList):
            alert = focused.current_alert()
            return alert.code if alert is not None and alert.kind != "inspection" else None
        return None

    def action_open(self) -> None:
        if isinstance(self.focused, AlertList):
            self._open_alert()
            return
        code = self.selected_customer()
        if code:
            self.app.open_customer(code)

    def _open_alert(self) -> None:
        """A unit's alert opens the unit; a deposit held opens its rental; any other, the customer."""
        from tracker.rules.alerts import held_on

        alert = self.query_one(AlertList).current_alert()
        if alert is None:
            return
        if alert.kind == "inspection":
            self.app.open_unit(alert.code)
        elif (rental := held_on(alert)) is not None:
            self.app.open_rental(rental)
        else:
            self.app.open_customer(alert.code)

    def action_focus_alerts(self) -> None:
        """To the alerts; on a narrow screen they take the tiers' place, and the key brings the tiers back."""
        if self.has_class("-narrow"):
            showing = not self.has_class("-alerts")
            self.set_class(showing, "-alerts")
            if not showing:
                self._focus_first_tier()
                return
        self.query_one(AlertList).focus()

    def action_focus_tier(self, tier: str) -> None:
        self.remove_class("-alerts")
        self.query_one(f"#tier-{tier}", TierTable).focus()

    def _focus_first_tier(self) -> None:
        for tier in TIERS:
            if self._counts.get(tier):
                self.query_one(f"#tier-{tier}", TierTable).focus()
                return

    @on(TierTable.Opened)
    def _opened(self, event: TierTable.Opened) -> None:
        self.app.open_customer(event.code)

    @on(OptionList.OptionSelected, "#alerts")
    def _alert_chosen(self, event: OptionList.OptionSelected) -> None:
        self._open_alert()
