"""Import a CSV file from the app (``ctrl+o``, or "Import CSV…" in the palette), with a progress bar.

The same import as ``rentrack import ENTITY FILE``: every row is checked, then
the file is applied whole or not at all. A file with a bad row changes
nothing, and the screen says which row and which field (as the command does),
so the owner can fix the file and press Enter again. The import runs in a
thread worker; the importer tells it how far it has got, and the bar moves a
few times a second at most. When it lands the app announces it ("Imported
1,204 rentals (from rentals.csv)") and every screen follows, as after an
import made from another terminal.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, ProgressBar, Select, Static

from screens.actions import IMPORT, bindings, key_for
from screens.app import RentrackApp
from tracker.i18n import N_, _, ngettext
from tracker.records.entities import ENTITIES
from tracker.transfer.kept import KEPT

if TYPE_CHECKING:
    from tracker.transfer.importer import FileReport

#: The owner's word for what a file holds.
_WORDS = {
    "customers": N_("Customers"),
    "equipment": N_("Equipment units"),
    "rentals": N_("Rentals"),
    "complaints": N_("Complaints"),
    "interactions": N_("Interactions"),
    "payments": N_("Payments"),
    "deposits": N_("Deposits"),
    "upkeep": N_("Upkeep (inspections, services, repairs)"),
    "tasks": N_("Tasks and promises"),
    "contacts": N_("Contacts"),
    "return_visits": N_("Return visits"),
    "tier_history": N_("Tier history"),
    "settings": N_("Settings"),
}
#: What a file can hold, in the importer's order (every entity, then what is kept beside them), with its word.
HOLDS = {name: _WORDS[name] for name in (*ENTITIES, *KEPT)}
#: Problems the screen lists when a file is refused (the count of the rest follows).
PROBLEMS_SHOWN = 5
#: Seconds between two moves of the bar, at least.
THROTTLE = 0.1
#: Where each step of the importer puts the bar (reading the file fills it up to :data:`READ_UPTO`).
READ_UPTO = 80
STEP_AT = {"checked": 90, "applied": 100}


def guess_holds(path: str) -> str | None:
    """What a file holds, read from its name (``rentals.csv``, ``new customers.csv``, ``Return visits 2026.csv``)."""
    stem = Path(path.strip()).stem.lower().replace("-", "_").replace(" ", "_")
    for name in sorted(HOLDS, key=len, reverse=True):  # the longest name the file's name holds
        if name in stem or (name.endswith("s") and name[:-1] in stem):
            return name
    return None


class ImportScreen(ModalScreen[None]):
    """Asks for a CSV file and what it holds, then imports it all or nothing, showing how far it has got."""

    app = getters.app(RentrackApp)
    BINDINGS = bindings(IMPORT)
    CSS_PATH = "import_screen.tcss"
    #: The help's sub-heading for the screen's keys.
    LIST_TITLE = N_("Import a CSV file")

    class _Step(Message):
        def __init__(self, percent: float, text: str) -> None:
            super().__init__()
            self.percent = percent
            self.text = text

    class _Done(Message):
        def __init__(self, landed: list[tuple[int, str]], reports: list[FileReport], changes: int) -> None:
            super().__init__()
            self.landed = landed
            self.reports = reports
            self.changes = changes

    class _Refused(Message):
        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.running = False
        self._path = path
        #: What the entity box holds because the file's name said so (the owner's own pick is kept).
        self._guessed: str | None = None

    def compose(self) -> ComposeResult:
        options = [(Text(_(label)), name) for name, label in HOLDS.items()]
        with Vertical(id="import"):
            yield Static(_("Import a CSV file"), id="import-title")
            yield Static(_("File"), classes="import-label")
            yield Input(self._path, placeholder=_("path to the .csv file, e.g. ~/Downloads/rentals.csv"),
                        id="import-path")
            yield Static(_("What it holds"), classes="import-label")
            yield Select(options, prompt=_("customers, rentals, complaints…"), id="import-holds")
            yield Checkbox(_("Dates are day first (05/03/2026 is 5 March)"), id="import-dayfirst")
            yield ProgressBar(total=100, show_eta=False, id="import-progress")
            yield Static("", id="import-status", markup=False)
            yield Static("", id="import-error", markup=False)
            yield Static(self._hint(), id="import-hint")

    def _hint(self) -> str:
        return _("Enter import (all of it or nothing) · {cancel} cancel").format(cancel=key_for(IMPORT, "cancel"))

    def on_mount(self) -> None:
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#import-path", Input).focus()
        if self._path:
            self._guess(self._path)

    # --- what the file holds ------------------------------------------------------------

    @on(Input.Changed, "#import-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._guess(event.value)

    def _guess(self, path: str) -> None:
        holds = self.query_one("#import-holds", Select)
        if holds.value is not Select.NULL and holds.value != self._guessed:
            return  # the owner picked it
        guess = guess_holds(path)
        if guess is not None:
            self._guessed = guess
            holds.value = guess
        elif self._guessed is not None:
            self._guessed = None
            holds.clear()

    # --- starting -------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        if self.running:
            return
        error = self.query_one("#import-error", Static)
        text = self.query_one("#import-path", Input).value.strip()
        holds = self.query_one("#import-holds", Select).value
        if not text:
            error.update(_("Type the path of the CSV file to import."))
            self.query_one("#import-path", Input).focus()
            return
        path = Path(os.path.expanduser(text))
        if path.is_dir():
            error.update(_("{path} is a folder: give a CSV file (rentrack import all DIR reads a folder).").format(
                path=text))
            return
        if not path.is_file():
            error.update(_("{path}: no such file.").format(path=text))
            self.query_one("#import-path", Input).focus()
            return
        if holds is Select.NULL or not isinstance(holds, str):
            error.update(_("Say what the file holds (customers, rentals, complaints…)."))
            self.query_one("#import-holds", Select).focus()
            return
        error.update("")
        self.running = True
        self.add_class("-running")
        for widget in (self.query_one("#import-path"), self.query_one("#import-holds"),
                       self.query_one("#import-dayfirst")):
            widget.disabled = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=100, progress=0)
        bar.display = True
        self.query_one("#import-status", Static).update(_("Reading {file}…").format(file=path.name))
        self.query_one("#import-hint", Static).update(_("Importing: it lands whole or not at all."))
        dayfirst = self.query_one("#import-dayfirst", Checkbox).value
        self._import(holds, path, dayfirst, self.app.as_of)

    def action_cancel(self) -> None:
        if self.running:
            self.notify(_("Still importing: it finishes whole, or changes nothing."), markup=False)
            return
        self.dismiss(None)

    # --- the import (worker thread) -----------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _import(self, entity: str, path: Path, dayfirst: bool, today: date) -> None:
        from screens.store import writing
        from tracker.services import is_locked
        from tracker.transfer.csvfile import CsvFileError, Source
        from tracker.transfer.importer import ImportRefused, Job, import_files
        from tracker.views import change_count, imports_since, newest_change

        size = 0
        read = 0
        last = 0.0

        def post(percent: float, text: str, *, always: bool = False) -> None:
            nonlocal last
            now = time.monotonic()
            if always or now - last >= THROTTLE:
                last = now
                self.post_message(self._Step(percent, text))

        def progress(source: Source) -> Callable[[int], None]:
            nonlocal size
            size = source.size or 0

            def tick(n: int) -> None:
                nonlocal read
                read += n

            return tick

        def steps(step: str, rows: int) -> None:
            if step == "read":
                share = min(read / size, 1.0) if size else 0.0
                post(READ_UPTO * share, ngettext("{n} row read and checked…", "{n} rows read and checked…", rows)
                     .format(n=f"{rows:,}"))
            elif step == "checked":
                post(STEP_AT[step], ngettext("{n} good row; writing it…", "{n} good rows; writing them…", rows)
                     .format(n=f"{rows:,}"), always=True)
            else:
                post(STEP_AT.get(step, 100), ngettext("{n} row written; finishing…", "{n} rows written; finishing…",
                                                       rows).format(n=f"{rows:,}"), always=True)

        try:
            with writing(self.app.db_path) as conn:
                before = newest_change(conn)
                reports = import_files(conn, [Job(entity, path)], dayfirst=dayfirst, summary=path.name,
                                       progress=progress, today=today, steps=steps)
                landed = imports_since(conn, before)
                changes = change_count(conn)
        except ImportRefused as refused:
            self.post_message(self._Refused(refusal(refused.reports, str(refused))))
            return
        except CsvFileError as exc:
            self.post_message(self._Refused([str(exc), _("Nothing was imported.")]))
            return
        except Exception as exc:
            if is_locked(exc):
                text = _("The database is busy (another program is writing): nothing was imported; try again.")
            else:
                text = _("Could not import: {error}").format(error=f"{type(exc).__name__}: {exc}")
            self.post_message(self._Refused([text]))
            return
        self.post_message(self._Done(landed, reports, changes))

    # --- the outcome -------------------------------------------------------------------------

    @on(_Step)
    def _step(self, message: _Step) -> None:
        if self.running:
            self.query_one("#import-progress", ProgressBar).update(progress=message.percent)
            self.query_one("#import-status", Static).update(message.text)

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        self._stop()
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#import-status", Static).update("")
        self.query_one("#import-error", Static).update("\n".join(message.lines))
        self.query_one("#import-path", Input).focus()

    @on(_Done)
    def _done(self, message: _Done) -> None:
        self._stop()
        self.query_one("#import-progress", ProgressBar).update(progress=100)
        for report in message.reports:
            if report.ignored:
                self.notify(
                    ngettext("{file}: ignored column: {columns}", "{file}: ignored columns: {columns}",
                             len(report.ignored)).format(file=report.name, columns=", ".join(report.ignored)),
                    severity="warning", timeout=8, markup=False,
                )
        if not message.landed:
            rows = sum(r.rows for r in message.reports)
            self.notify(
                ngettext("Nothing changed: the {n} row is stored as it is (from {file})",
                         "Nothing changed: the {n} rows are stored as they are (from {file})", rows)
                .format(n=f"{rows:,}", file=", ".join(Path(r.name).name for r in message.reports)),
                timeout=8, markup=False,
            )
        self.app.imported(message.landed, message.changes)
        self.dismiss(None)

    def _stop(self) -> None:
        self.running = False
        self.remove_class("-running")
        for widget in (self.query_one("#import-path"), self.query_one("#import-holds"),
                       self.query_one("#import-dayfirst")):
            widget.disabled = False
        self.query_one("#import-hint", Static).update(self._hint())


def refusal(reports: list[FileReport], summary: str) -> list[str]:
    """What a refused import says, as ``rentrack import`` does: each bad row (file, line, column, what is wrong),
    the first few of them, then how many more, then that nothing was imported."""
    lines: list[str] = []
    more = 0
    for report in reports:
        for problem in report.problems:
            if len(lines) < PROBLEMS_SHOWN:
                lines.append(_("{file}: {problem}").format(file=report.name, problem=problem))
            else:
                more += 1
        more += max(report.rejected - len(report.problems), 0)
    if more:
        lines.append(ngettext("… and {n} more bad row", "… and {n} more bad rows", more).format(n=f"{more:,}"))
    lines.append(_("{summary}: fix the file and press Enter again.").format(summary=summary))
    return lines
